package io.datapipeline.converter.schema;

/** What happens to a row that cannot be parsed or converted. */
public enum OnBadRow {
  /** Write it to the rejects file with its line number and reason, load the rest. */
  Quarantine,
  /** Refuse the whole file. */
  Fail
}
