package io.datapipeline.converter.load;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a load must give up: the Lambda's remaining time less a margin to abort the sinks and write
 * the audit row. Checked as the file is read (reading paces the whole streaming pass) and before
 * the commit point finishes.
 */
public final class Deadline {

  /** No limit (the CLI, in-process callers). */
  public static final Deadline NONE = new Deadline(null, Clock.systemUTC());

  private final Instant at;
  private final Clock clock;

  private Deadline(Instant at, Clock clock) {
    this.at = at;
    this.clock = clock;
  }

  public static Deadline at(Instant at, Clock clock) {
    return new Deadline(at, clock);
  }

  /**
   * The deadline for an invocation with {@code remaining} time left: a tenth of it, between 3 and
   * 30 seconds, is kept for the clean failure (aborting uploads, rolling back, the audit row).
   */
  public static Deadline forRemaining(Duration remaining, Clock clock) {
    long tenth = remaining.toMillis() / 10;
    long margin = Math.max(3_000, Math.min(30_000, tenth));
    return new Deadline(clock.instant().plus(remaining).minusMillis(margin), clock);
  }

  /** Throws when the time is up. */
  public void check() throws LoadTimeoutException {
    if (at != null && !clock.instant().isBefore(at)) {
      throw new LoadTimeoutException(
          "timeout: the function's time runs out; the load was abandoned before it could finish");
    }
  }

  /** {@code in}, failing its reads once the time is up. */
  public InputStream guard(InputStream in) {
    if (at == null) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        check();
        return super.read();
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        check();
        return super.read(buffer, offset, length);
      }
    };
  }
}
