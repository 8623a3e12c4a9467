package io.datapipeline.converter;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import java.util.ArrayList;
import java.util.List;

/** Keeps every row it is given with its line number (for assertions on what loaded). */
public final class CollectingSink implements RowSink {
  public final List<Object[]> rows = new ArrayList<>();
  public final List<Long> lines = new ArrayList<>();
  public boolean finished;
  public boolean aborted;

  @Override
  public Stage stage() {
    return Stage.UPLOAD;
  }

  @Override
  public void write(RowBatch batch) {
    for (int i = 0; i < batch.size(); i++) {
      rows.add(batch.row(i).clone());
      lines.add(batch.line(i));
    }
  }

  @Override
  public void finish() {
    finished = true;
  }

  @Override
  public void abort() {
    aborted = true;
  }
}
