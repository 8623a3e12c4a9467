package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The image definition cannot be built here (no Docker engine): its promises are read instead. */
class DockerfileTest {

  private final String dockerfile = GrafanaModule.read(GrafanaModule.file("Dockerfile"));

  @Test
  void buildsOnAPinnedGrafanaOssRelease() {
    Matcher image = Pattern.compile("(?m)^ARG GRAFANA_IMAGE=(\\S+)$").matcher(dockerfile);
    assertThat(image.find()).as("ARG GRAFANA_IMAGE").isTrue();
    assertThat(image.group(1))
        .as("the OSS image at an exact x.y.z release, never latest")
        .matches("grafana/grafana:\\d+\\.\\d+\\.\\d+(@sha256:[0-9a-f]{64})?");
    assertThat(dockerfile).containsPattern("(?m)^FROM \\$\\{GRAFANA_IMAGE}$");
  }

  @Test
  void everyCopiedPathExistsInTheModule() {
    Matcher copy = Pattern.compile("(?m)^COPY (?:--\\S+ )*(\\S+) \\S+$").matcher(dockerfile);
    List<String> sources = new ArrayList<>();
    while (copy.find()) {
      sources.add(copy.group(1));
    }
    assertThat(sources)
        .contains(
            "provisioning/datasources/",
            "provisioning/dashboards/",
            "dashboards/pipeline-overview.json",
            "datapipeline-entrypoint.sh");
    for (String source : sources) {
      assertThat(Files.exists(GrafanaModule.file(source))).as(source + " exists").isTrue();
    }
  }

  @Test
  void neverChmodsAFolderIntoOneGrafanaCannotList() {
    Matcher copy = Pattern.compile("(?m)^COPY --chmod=(\\d+) (\\S+) \\S+$").matcher(dockerfile);
    while (copy.find()) {
      assertThat(copy.group(2)).as("COPY --chmod source").doesNotEndWith("/");
      assertThat(Files.isRegularFile(GrafanaModule.file(copy.group(2))))
          .as(copy.group(2) + " is a file")
          .isTrue();
    }
  }

  @Test
  void runsOurEntrypointAsTheUnprivilegedGrafanaUser() {
    assertThat(dockerfile)
        .contains("ENTRYPOINT [\"/usr/local/bin/datapipeline-entrypoint.sh\"]")
        .contains("/usr/local/bin/datapipeline-entrypoint.sh\n")
        .containsPattern("(?m)^USER 472$");
  }

  @Test
  void turnsOffAnonymousAccessSignUpAndPhoningHome() {
    assertThat(dockerfile)
        .contains(
            "GF_AUTH_ANONYMOUS_ENABLED=false",
            "GF_USERS_ALLOW_SIGN_UP=false",
            "GF_USERS_ALLOW_ORG_CREATE=false",
            "GF_SNAPSHOTS_EXTERNAL_ENABLED=false",
            "GF_ANALYTICS_REPORTING_ENABLED=false",
            "GF_ANALYTICS_CHECK_FOR_UPDATES=false");
    assertThat(dockerfile)
        .as("the admin password only ever comes from the injected secret")
        .doesNotContain("GF_SECURITY_ADMIN_PASSWORD");
  }

  @Test
  void healthCheckUsesGrafanasHealthEndpointOnItsPort() {
    assertThat(dockerfile)
        .contains("GF_SERVER_HTTP_PORT=3000")
        .contains("EXPOSE 3000")
        .containsPattern(
            "HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD [^\\n]*http://127\\.0\\.0\\.1:3000/api/health");
  }
}
