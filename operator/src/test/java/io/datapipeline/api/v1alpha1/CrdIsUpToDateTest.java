package io.datapipeline.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed CRDs must be exactly what the model generates, so they can never drift apart. */
class CrdIsUpToDateTest {

  static final String CRD_FILE = "datapipelines.datapipeline.io-v1.yml";
  static final String TENANT_CRD_FILE = "datapipelinetenants.datapipeline.io-v1.yml";

  static String generatedCrd() throws IOException {
    return generated(CRD_FILE);
  }

  static String generated(String file) throws IOException {
    try (InputStream in =
        CrdIsUpToDateTest.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
      assertThat(in).as("generated CRD %s on the classpath", file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CRD_FILE, TENANT_CRD_FILE})
  void committedCrdEqualsTheGeneratedOne(String file) throws IOException {
    Path committed = Path.of("..", "crds", file);
    assertThat(committed).as("committed CRD").exists();
    assertThat(Files.readString(committed))
        .as(
            "crds/%s is stale: the model changed. Regenerate with"
                + " `cp operator/target/classes/META-INF/fabric8/%s crds/` after a build,"
                + " and commit it",
            file, file)
        .isEqualTo(generated(file));
  }
}
