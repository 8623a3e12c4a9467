package io.datapipeline.converter.core;

/**
 * One destination of the typed rows of a file (Parquet, JSON Lines, PostgreSQL, DynamoDB). The
 * converter calls {@link #write} per batch, then exactly one of {@link #finish} (all rows given) or
 * {@link #abort} (the file failed: leave nothing half-written behind where possible).
 */
public interface RowSink {

  Stage stage();

  /**
   * Why this sink cannot take the batch's row {@code row} at all (for example a DynamoDB item over
   * 400 KB), or null. Asked about the row being filled (index {@code batch.size()}), before any
   * sink receives it, so a refused row goes to the rejects and nowhere else.
   */
  default String refuse(RowBatch batch, int row) {
    return null;
  }

  void write(RowBatch batch) throws Exception;

  /** All rows were written; make them durable (complete the upload, flush, commit). */
  void finish() throws Exception;

  /** The file failed; release resources without publishing partial output. Never throws. */
  void abort();
}
