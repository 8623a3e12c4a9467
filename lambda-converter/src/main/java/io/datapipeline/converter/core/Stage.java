package io.datapipeline.converter.core;

/** Where a sink spends its time, as reported in the metrics (docs/contracts.md). */
public enum Stage {
  /** Parquet, JSON Lines and rejects encoding and their streaming upload. */
  UPLOAD,
  POSTGRES,
  DYNAMODB
}
