package io.datapipeline.api.v1alpha1;

/** How stack changes are applied. */
public enum UpdatePolicy {
  Automatic,
  Manual
}
