package io.datapipeline.api.v1alpha1;

/** Whether a change that would replace or remove a data resource waits for a person. */
public enum ReplacementPolicy {
  /** Such a change set is not executed until it is approved by name (the default). */
  Guard,
  /** Such a change set follows updatePolicy like any other. */
  Allow
}
