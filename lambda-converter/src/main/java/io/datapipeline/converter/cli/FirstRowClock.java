package io.datapipeline.converter.cli;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;

/**
 * For {@code convert --timings} (the benchmark's time to first row): prints on stderr the wall
 * clock at which the first batch of typed rows reached the sinks, as {@code
 * first_row_epoch_ms=<ms>}, which the benchmark subtracts from the moment it launched the process.
 * Writes nothing anywhere else.
 */
final class FirstRowClock implements RowSink {
  private boolean seen;

  @Override
  public Stage stage() {
    return Stage.UPLOAD;
  }

  @Override
  public void write(RowBatch batch) {
    if (!seen && batch.size() > 0) {
      seen = true;
      System.err.println("first_row_epoch_ms=" + System.currentTimeMillis());
    }
  }

  @Override
  public void finish() {}

  @Override
  public void abort() {}
}
