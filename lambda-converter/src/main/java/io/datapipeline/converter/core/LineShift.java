package io.datapipeline.converter.core;

/**
 * Line numbers of a byte range of a file made the file's own: the converter numbers the lines of
 * what it reads, and a range read on its own starts at line 1 (after its copy of the header). Rows
 * and rejects pass through with {@code shift} added to their lines, so lineage ({@code _dp_line}),
 * the last-row-wins order of repeated keys and the rejects' line numbers are what the whole file
 * gives.
 */
public final class LineShift {
  private LineShift() {}

  /** {@code sink} given every row's line plus {@code shift}. */
  public static RowSink rows(RowSink sink, long shift) {
    if (shift == 0) {
      return sink;
    }
    return new RowSink() {
      @Override
      public Stage stage() {
        return sink.stage();
      }

      @Override
      public String refuse(RowBatch batch, int row) {
        return sink.refuse(batch, row);
      }

      /** In place: the batch is the converter's, lent to each sink in turn. */
      @Override
      public void write(RowBatch batch) throws Exception {
        batch.shiftLines(shift);
        try {
          sink.write(batch);
        } finally {
          batch.shiftLines(-shift);
        }
      }

      @Override
      public void finish() throws Exception {
        sink.finish();
      }

      @Override
      public void abort() {
        sink.abort();
      }
    };
  }

  /** {@code rejects} given every rejected record's line plus {@code shift}. */
  public static RejectSink rejects(RejectSink rejects, long shift) {
    if (shift == 0) {
      return rejects;
    }
    return new RejectSink() {
      @Override
      public void reject(long line, String reason, String rawRecord) throws Exception {
        rejects.reject(line + shift, reason, rawRecord);
      }

      @Override
      public long count() {
        return rejects.count();
      }

      @Override
      public void finish() throws Exception {
        rejects.finish();
      }

      @Override
      public void abort() {
        rejects.abort();
      }
    };
  }
}
