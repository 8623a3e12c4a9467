package io.datapipeline.converter.load;

import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.RejectSink;
import io.datapipeline.converter.core.RowSink;
import java.util.List;

/** The sinks opened for one file, in any order ({@link FileConversion} orders them). */
public interface FileTargets {

  List<RowSink> sinks();

  RejectSink rejects();

  /** After every sink finished: tidy what the previous version of the file left (stale rejects). */
  default void published(ConversionResult result) throws Exception {}

  /**
   * After the load failed and every sink was aborted: undo what a sink could not take back by
   * itself (DynamoDB items written before the commit point rolled back).
   */
  default void undo() throws Exception {}

  /** Sinks that need nothing tidied after the load nor undone after a failure. */
  static FileTargets of(List<RowSink> sinks, RejectSink rejects) {
    return new Plain(sinks, rejects);
  }

  /** What {@link #of} returns. */
  record Plain(List<RowSink> sinks, RejectSink rejects) implements FileTargets {}
}
