package io.datapipeline.operator.controller;

import io.datapipeline.api.v1alpha1.DataPipeline;
import java.util.Optional;

/**
 * Checks a pipeline's spec the way the API server's CRD validation would, for API servers that do
 * not (the mock, the sandbox) and for rules the schema cannot express.
 */
@FunctionalInterface
public interface SpecValidator {

  /** A message naming the offending field, or empty when the spec is valid. */
  Optional<String> problem(DataPipeline pipeline);

  static SpecValidator none() {
    return pipeline -> Optional.empty();
  }
}
