package io.datapipeline.operator.deploy;

import io.datapipeline.operator.conditions.Reason;

/**
 * Something a tenant should hear about, published as a Kubernetes Event on the pipeline.
 *
 * @param warning Warning (true) or Normal event type
 * @param reason CamelCase, e.g. StackCreated
 */
public record Notice(boolean warning, Reason reason, String message) {

  public static Notice normal(Reason reason, String message) {
    return new Notice(false, reason, message);
  }

  public static Notice warning(Reason reason, String message) {
    return new Notice(true, reason, message);
  }
}
