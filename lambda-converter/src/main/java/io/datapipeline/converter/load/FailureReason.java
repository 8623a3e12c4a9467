package io.datapipeline.converter.load;

import io.datapipeline.converter.core.BadInputException;

/** The audit row's machine-readable reason for a failed file. */
final class FailureReason {
  private FailureReason() {}

  static String of(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LoadTimeoutException) {
        return "timeout";
      }
      if (t instanceof BadInputException) {
        return "bad_input";
      }
    }
    return "error";
  }
}
