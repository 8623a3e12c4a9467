package io.datapipeline.operator.deploy;

/**
 * Something a tenant should hear about, published as a Kubernetes Event on the pipeline.
 *
 * @param warning Warning (true) or Normal event type
 * @param reason CamelCase, e.g. StackCreated
 */
public record Notice(boolean warning, String reason, String message) {

  public static Notice normal(String reason, String message) {
    return new Notice(false, reason, message);
  }

  public static Notice warning(String reason, String message) {
    return new Notice(true, reason, message);
  }
}
