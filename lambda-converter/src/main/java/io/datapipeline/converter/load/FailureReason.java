package io.datapipeline.converter.load;

import io.datapipeline.converter.core.PermanentProblem;

/** The audit row's machine-readable reason for a failed file. */
public final class FailureReason {
  private FailureReason() {}

  public static String of(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LoadTimeoutException) {
        return "timeout";
      }
      if (t instanceof PermanentProblem problem) {
        return problem.reason();
      }
    }
    return "error";
  }

  /** The reason when no retry can fix {@code e} (the file or the schema must change), else null. */
  public static String permanent(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LoadTimeoutException) {
        return null; // a later attempt may have more time (fewer objects in its event)
      }
      if (t instanceof PermanentProblem problem) {
        return problem.reason();
      }
    }
    return null;
  }

  /** {@code e}'s message, or its class's name when it has none. */
  public static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
