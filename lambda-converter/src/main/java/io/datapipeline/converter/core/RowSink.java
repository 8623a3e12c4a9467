package io.datapipeline.converter.core;

/**
 * One destination of the typed rows of a file (Parquet, JSON Lines, PostgreSQL, DynamoDB). The
 * converter calls {@link #write} per batch, then exactly one of {@link #finish} (all rows given) or
 * {@link #abort} (the file failed: leave nothing half-written behind where possible).
 */
public interface RowSink {

  Stage stage();

  /**
   * Why this sink cannot take {@code row} at all (for example a DynamoDB item over 400 KB), or
   * null. Asked before any sink receives the row, so a refused row goes to the rejects and nowhere
   * else.
   */
  default String refuse(Object[] row) {
    return null;
  }

  void write(RowBatch batch) throws Exception;

  /** All rows were written; make them durable (complete the upload, flush, commit). */
  void finish() throws Exception;

  /** The file failed; release resources without publishing partial output. Never throws. */
  void abort();
}
