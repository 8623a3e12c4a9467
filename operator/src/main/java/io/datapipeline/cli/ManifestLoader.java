package io.datapipeline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.render.InvalidSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a {@code DataPipeline} manifest (YAML or JSON). Unknown fields, wrong types and bad enum
 * values are rejected with the path of the field, as the API server would.
 */
final class ManifestLoader {

  private static final String API_VERSION = DataPipeline.GROUP + "/" + DataPipeline.VERSION;

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  DataPipeline load(Path manifest) throws IOException {
    DataPipeline pipeline;
    try {
      pipeline = yaml.readValue(Files.readString(manifest), DataPipeline.class);
    } catch (JsonMappingException e) {
      throw new InvalidSpecException(path(e), problem(e));
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException(
          "line " + e.getLocation().getLineNr(), "not valid YAML: " + e.getOriginalMessage());
    }
    if (pipeline == null) {
      throw new InvalidSpecException("manifest", "is empty");
    }
    if (!API_VERSION.equals(pipeline.getApiVersion())) {
      throw new InvalidSpecException("apiVersion", "must be " + API_VERSION);
    }
    if (!"DataPipeline".equals(pipeline.getKind())) {
      throw new InvalidSpecException("kind", "must be DataPipeline");
    }
    if (pipeline.getMetadata() == null || pipeline.getMetadata().getName() == null) {
      throw new InvalidSpecException("metadata.name", "is required");
    }
    if (pipeline.getSpec() == null) {
      throw new InvalidSpecException("spec", "is required");
    }
    return pipeline;
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

  private static String problem(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown field";
    }
    String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    return e.getOriginalMessage().lines().findFirst().orElse("invalid value") + where;
  }
}
