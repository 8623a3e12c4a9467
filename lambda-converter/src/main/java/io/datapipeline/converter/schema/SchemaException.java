package io.datapipeline.converter.schema;

/** The schema JSON is unreadable or breaks a rule of {@code spec.schema}; names the field. */
public class SchemaException extends RuntimeException {
  public SchemaException(String message) {
    super(message);
  }

  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
