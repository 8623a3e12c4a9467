package io.datapipeline.converter.core;

/**
 * Marks a failure no retry of the same file can fix (the file or the schema must change): such a
 * file is audited once and sent to the failure queue at once instead of being retried.
 */
public interface PermanentProblem {

  /** The audit row's machine-readable reason ({@code bad_input}, {@code schema_mismatch}). */
  String reason();
}
