package io.datapipeline.converter;

import io.datapipeline.converter.core.RejectSink;

/** For input known to be clean (tests and benchmarks): any rejected record is a failure. */
public final class NoRejects implements RejectSink {
  @Override
  public void reject(long line, String reason, String rawRecord) {
    throw new AssertionError("unexpected reject at line " + line + ": " + reason);
  }

  @Override
  public long count() {
    return 0;
  }

  @Override
  public void finish() {}

  @Override
  public void abort() {}
}
