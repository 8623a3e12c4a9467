package io.datapipeline.converter.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes the {@code spec.schema} JSON; unknown fields are errors (typos show). */
public final class SchemaLoader {

  private SchemaLoader() {}

  public static Schema parse(String json) {
    Schema schema = SchemaJsonReader.read(json);
    if (schema == null) {
      throw new SchemaException("invalid schema: empty document");
    }
    return SchemaValidator.validate(schema);
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
      return Writer.MAPPER.writeValueAsString(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * jackson-databind for writing (only {@code infer} writes a schema): in a holder class, so that
   * reading one, which every conversion does at start, does not initialise the mapper.
   */
  private static final class Writer {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
