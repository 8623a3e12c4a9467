package io.datapipeline.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard's plain-HTTP rule, case by case: which allowedCidrs count as public (so need
 * certificateArn or allowInsecureHttp) and which are private. The invalid manifests show the
 * message; this shows where the line between public and private runs.
 */
class InsecureHttpRuleTest {

  static final String MESSAGE = "dashboard.certificateArn is required when allowedCidrs";

  private static List<String> violations(String cidr, Boolean allowInsecureHttp)
      throws IOException {
    JsonNode manifest =
        ManifestValidator.readManifest(Path.of("..", "crds", "examples", "full.yaml"));
    ObjectNode dashboard = (ObjectNode) manifest.path("spec").path("dashboard");
    dashboard.remove("certificateArn");
    dashboard.putArray("allowedCidrs").add(cidr);
    if (allowInsecureHttp != null) {
      dashboard.put("allowInsecureHttp", allowInsecureHttp);
    }
    return ManifestValidator.forDataPipeline().validate(manifest).stream()
        .map(Violation::toString)
        .toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/8",
        "10.20.30.0/24",
        "172.16.0.0/12",
        "172.31.255.0/24",
        "192.168.0.0/16",
        "127.0.0.1/32",
        "169.254.0.0/16",
        "100.64.0.0/10",
        "100.127.0.0/16"
      })
  void privateRangesNeedNoCertificate(String cidr) throws IOException {
    assertThat(violations(cidr, null)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0/0",
        "203.0.113.0/24",
        "10.0.0.0/7",
        "172.15.0.0/16",
        "172.32.0.0/16",
        "172.16.0.0/11",
        "192.169.0.0/16",
        "192.168.0.0/15",
        "100.128.0.0/16",
        "11.0.0.0/8"
      })
  void publicRangesNeedACertificateOrAnExplicitOptIn(String cidr) throws IOException {
    assertThat(violations(cidr, null))
        .singleElement()
        .satisfies(v -> assertThat(v).startsWith("spec.dashboard.certificateArn: " + MESSAGE));
    assertThat(violations(cidr, false)).singleElement();
    assertThat(violations(cidr, true)).isEmpty();
  }
}
