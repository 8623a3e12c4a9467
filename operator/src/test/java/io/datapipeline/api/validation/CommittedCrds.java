package io.datapipeline.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;

/** The CRDs committed under crds/ (what users apply), read as the validator reads manifests. */
public final class CommittedCrds {

  private CommittedCrds() {}

  /** crds/datapipelines.datapipeline.io-v1.yml */
  public static JsonNode dataPipelines() throws IOException {
    return ManifestValidator.readManifest(
        Path.of("..", "crds", "datapipelines.datapipeline.io-v1.yml"));
  }
}
