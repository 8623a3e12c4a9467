package io.datapipeline.api.validation;

/**
 * One reason a manifest is invalid, phrased like the Kubernetes API server's message.
 *
 * @param field the field path, as the API server prints it: {@code spec.schema.primaryKey}, {@code
 *     spec.schema.columns[2].type}
 * @param message what is wrong, e.g. {@code Required value} or a CEL rule's message
 */
public record Violation(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
