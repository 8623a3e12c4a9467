package io.datapipeline.converter.core;

/** Where rows that cannot be loaded go, each with its CSV line number and the reason. */
public interface RejectSink {

  void reject(long line, String reason, String rawRecord) throws Exception;

  long count();

  /** Publishes the rejects (if there were any). */
  void finish() throws Exception;

  /** The file failed: publish nothing. Never throws. */
  void abort();
}
