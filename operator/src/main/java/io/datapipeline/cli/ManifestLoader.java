package io.datapipeline.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.validation.ManifestValidator;
import io.datapipeline.api.validation.Violation;
import io.datapipeline.render.InvalidSpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a {@code DataPipeline} manifest (YAML or JSON) and validates it as the API server would
 * (CRD schema and CEL rules, {@link ManifestValidator}), then applies the schema defaults.
 */
final class ManifestLoader {

  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  DataPipeline load(Path manifest) throws IOException {
    JsonNode tree;
    try {
      tree = ManifestValidator.readManifest(manifest);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("manifest", e.getMessage());
    }
    ManifestValidator validator = ManifestValidator.forDataPipeline();
    List<Violation> violations = validator.validate(tree);
    if (!violations.isEmpty()) {
      // Every violation at once, so a manifest is fixed in one round.
      throw new InvalidSpecException(
          violations.stream()
              .map(v -> new InvalidSpecException.Problem(v.field(), v.message()))
              .toList());
    }
    try {
      return json.treeToValue(validator.applyDefaults(tree), DataPipeline.class);
    } catch (JsonMappingException e) {
      // The validator accepted it, so this is a gap between the CRD and the model: say where.
      throw new InvalidSpecException(path(e), e.getOriginalMessage());
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      } else {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      }
    }
    return path.isEmpty() ? "manifest" : path.toString();
  }
}
