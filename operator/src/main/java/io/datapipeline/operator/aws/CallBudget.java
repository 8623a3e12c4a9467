package io.datapipeline.operator.aws;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The AWS call budget of one account and region: a token bucket refilled at {@code perSecond}
 * tokens per second up to {@code burst}. Every pipeline and observer of that account and region
 * draws from the same bucket, so a burst of deploys cannot starve the poller into throttling (or
 * the other way round). First attempts wait for a token; SDK retries are charged without waiting
 * (their own backoff already waits) and may drive the balance negative, which later callers then
 * wait out.
 */
public final class CallBudget {

  /** Waits; tests pass one that advances their clock instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens;
  private long refilledAt;

  public CallBudget(double perSecond, int burst) {
    this(
        perSecond,
        burst,
        System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  public CallBudget(double perSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "a call budget needs a positive rate and a burst of at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = burst;
    this.refilledAt = nanoTime.getAsLong();
  }

  /**
   * Takes one token, waiting until one is there.
   *
   * @return how long the caller waited
   */
  public Duration acquire() throws InterruptedException {
    long waited = 0;
    while (true) {
      long wait;
      synchronized (this) {
        refill();
        if (tokens >= 1) {
          tokens -= 1;
          return Duration.ofNanos(waited);
        }
        wait = (long) Math.ceil((1 - tokens) / perSecond * NANOS_PER_SECOND);
      }
      // Sleep outside the lock; another caller may take the token first, then we wait again.
      sleeper.sleep(wait);
      waited += wait;
    }
  }

  /** Takes one token without waiting (a retry already backed off); the balance may go negative. */
  public synchronized void charge() {
    refill();
    tokens -= 1;
  }

  /** Tokens available now (negative: owed by retries). */
  public synchronized double available() {
    refill();
    return tokens;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * perSecond / NANOS_PER_SECOND);
      refilledAt = now;
    }
  }
}
