package io.datapipeline.converter.split;

/**
 * A split object's version failed for good because one of its parts did: already audited, every
 * part's output taken back. {@code permanent} when no retry could load it (bad input), false when
 * the part's attempts were spent on a failure that might pass (the database, throttling, time).
 */
public final class SplitFailedException extends Exception {
  private final boolean permanent;
  private final String reason;

  public SplitFailedException(boolean permanent, String reason, String message, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
    this.reason = reason;
  }

  public boolean permanent() {
    return permanent;
  }

  /** The audit row's reason ({@code bad_input}, {@code timeout}, {@code error}...). */
  public String reason() {
    return reason;
  }
}
