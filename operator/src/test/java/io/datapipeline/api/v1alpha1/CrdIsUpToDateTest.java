package io.datapipeline.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRD must be exactly what the model generates, so they can never drift apart. */
class CrdIsUpToDateTest {

  static final String CRD_FILE = "datapipelines.datapipeline.io-v1.yml";
  static final Path COMMITTED = Path.of("..", "crds", CRD_FILE);

  static String generatedCrd() throws IOException {
    try (InputStream in =
        CrdIsUpToDateTest.class.getResourceAsStream("/META-INF/fabric8/" + CRD_FILE)) {
      assertThat(in).as("generated CRD on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void committedCrdEqualsTheGeneratedOne() throws IOException {
    assertThat(COMMITTED).as("committed CRD").exists();
    assertThat(Files.readString(COMMITTED))
        .as(
            "crds/%s is stale: the model changed. Regenerate with"
                + " `cp operator/target/classes/META-INF/fabric8/%s crds/` after a build,"
                + " and commit it",
            CRD_FILE, CRD_FILE)
        .isEqualTo(generatedCrd());
  }
}
