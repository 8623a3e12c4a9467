package io.datapipeline.converter.load;

/** Where each loaded or failed file's numbers go (CloudWatch in the Lambda). */
@FunctionalInterface
public interface LoadMetrics {

  /** No metrics (the CLI prints its summary instead). */
  LoadMetrics NONE = (source, metrics) -> {};

  void fileDone(SourceFile source, FileMetrics metrics);
}
