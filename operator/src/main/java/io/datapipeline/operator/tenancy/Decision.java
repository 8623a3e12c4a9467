package io.datapipeline.operator.tenancy;

/** Whether a pipeline may be deployed as written, and with what. */
public sealed interface Decision {

  /** Go ahead with this grant. */
  record Permitted(Grant grant) implements Decision {}

  /**
   * Refused before any AWS call.
   *
   * @param field the spec field (or {@code metadata.namespace}) that is not granted
   * @param message names the field and what the pipeline's namespace may use, never what another
   *     tenant may
   */
  record Refused(String field, String message) implements Decision {}
}
