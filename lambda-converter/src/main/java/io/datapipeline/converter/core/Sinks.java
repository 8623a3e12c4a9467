package io.datapipeline.converter.core;

import java.util.List;

/** Finishing or aborting every destination of one file, in order. */
public final class Sinks {
  private Sinks() {}

  /** Finishes each sink in order; on the first failure aborts the rest and rethrows. */
  public static void finishAll(List<RowSink> sinks, RejectSink rejects) throws Exception {
    int done = 0;
    try {
      for (RowSink sink : sinks) {
        sink.finish();
        done++;
      }
      rejects.finish();
    } catch (Exception e) {
      for (int i = done + 1; i < sinks.size(); i++) {
        sinks.get(i).abort();
      }
      rejects.abort();
      throw e;
    }
  }

  public static void abortAll(List<RowSink> sinks, RejectSink rejects) {
    for (RowSink sink : sinks) {
      sink.abort();
    }
    rejects.abort();
  }
}
