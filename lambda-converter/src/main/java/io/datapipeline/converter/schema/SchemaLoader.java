package io.datapipeline.converter.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes the {@code spec.schema} JSON; unknown fields are errors (typos show). */
public final class SchemaLoader {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private SchemaLoader() {}

  public static Schema parse(String json) {
    try {
      Schema schema = MAPPER.readValue(json, Schema.class);
      if (schema == null) {
        throw new SchemaException("invalid schema: empty document");
      }
      return SchemaValidator.validate(schema);
    } catch (UnrecognizedPropertyException e) {
      throw new SchemaException(
          "invalid schema: unknown field '" + e.getPropertyName() + "' at " + path(e), e);
    } catch (JsonProcessingException e) {
      throw new SchemaException("invalid schema JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static Schema read(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (SchemaException e) {
      throw new SchemaException(file + ": " + e.getMessage(), e);
    }
  }

  public static String toJson(Schema schema) {
    try {
      return MAPPER.writeValueAsString(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String path(JsonProcessingException e) {
    if (e instanceof JsonMappingException m) {
      return m.getPathReference();
    }
    return "?";
  }
}
