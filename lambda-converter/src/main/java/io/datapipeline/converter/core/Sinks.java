package io.datapipeline.converter.core;

import java.util.List;

/** Finishing or aborting every destination of one file, in order. */
public final class Sinks {
  private Sinks() {}

  /**
   * Publishes the rejects, then finishes each sink in order (a transactional sink last, so its
   * commit means everything else is out); on the first failure aborts the rest and rethrows.
   */
  public static void finishAll(List<RowSink> sinks, RejectSink rejects) throws Exception {
    try {
      rejects.finish();
    } catch (Exception e) {
      abortAll(sinks, rejects);
      throw e;
    }
    int done = 0;
    try {
      for (RowSink sink : sinks) {
        sink.finish();
        done++;
      }
    } catch (Exception e) {
      for (int i = done; i < sinks.size(); i++) {
        sinks.get(i).abort();
      }
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
