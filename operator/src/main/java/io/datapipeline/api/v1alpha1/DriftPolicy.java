package io.datapipeline.api.v1alpha1;

/** What the operator does when a stack's resources drifted from their template. */
public enum DriftPolicy {
  /** Report it (status.stacks[].drift, condition Drifted); change nothing. */
  Detect,
  /**
   * Bring the drifted resources back to the template through a drift-aware change set, gated like
   * any other (updatePolicy, replacementPolicy).
   */
  Revert
}
