package io.datapipeline.converter.dynamodb;

/**
 * How many BatchWriteItem requests may be in flight at once, found as TCP finds a path's capacity:
 * the limit starts low and grows by one per completed request until the first throttle (slow
 * start); a throttled request (an exception or UnprocessedItems) cuts it to {@link #DECREASE} of
 * itself, once per congestion event (requests that started before the last cut do not cut it
 * again), and remembers the limit the throttle came at. The limit then climbs back half the
 * remaining way per window's worth of completed requests (at least one request a window) to one
 * below that point, and beyond it by {@link #PROBE_PER_WINDOW} of a request per window, probing
 * slowly for more: CUBIC's shape, simplified (a table's capacity changes rarely, so where it last
 * throttled is the best guess of where it will throttle next). It grows only while the window is
 * full, so a producer slower than the table never drives it to the ceiling. The throughput is then
 * the table's (its capacity or its on-demand throttling), not a fixed thread count's.
 *
 * <p>Why not TCP Reno's halving and one more request per window: against a table that serves 16
 * requests at once (docs/benchmarks.md "DynamoDB sink"), it kept the limit sawing between 8 and 17,
 * and the throughput at three quarters of what a fixed limit at the table's capacity reached.
 */
public final class AdaptiveConcurrency {

  static final int INITIAL = 4;

  /** What a throttle leaves of the limit (CUBIC's beta; Reno's is 0.5). */
  static final double DECREASE = 0.7;

  /** Growth per window at and beyond the last throttle's point: a slow probe for more. */
  static final double PROBE_PER_WINDOW = 0.25;

  private final int ceiling;
  private double limit;
  private boolean slowStart = true;
  private int inFlight;
  private long epoch;
  private long throttles;
  private int highest;

  /** The limit when the last throttle came; 0 before the first. */
  private double throttledAt;

  AdaptiveConcurrency(int ceiling) {
    if (ceiling < 1) {
      throw new IllegalArgumentException("the concurrency ceiling must be at least 1: " + ceiling);
    }
    this.ceiling = ceiling;
    this.limit = Math.min(INITIAL, ceiling);
    this.highest = (int) limit;
  }

  /**
   * Waits for a slot; returns the ticket to hand back to {@link #succeeded} or {@link #throttled}.
   */
  synchronized long acquire() throws InterruptedException {
    while (inFlight >= (int) limit) {
      wait();
    }
    inFlight++;
    return epoch;
  }

  /** The request of {@code ticket} was served in full. */
  synchronized void succeeded(long ticket) {
    boolean windowFull = inFlight >= (int) limit;
    inFlight--;
    if (windowFull && ticket == epoch) {
      limit = Math.min(ceiling, limit + growth());
      highest = Math.max(highest, (int) limit);
    }
    notifyAll();
  }

  /** The request of {@code ticket} was throttled, wholly or in part. */
  synchronized void throttled(long ticket) {
    inFlight--;
    throttles++;
    if (ticket == epoch) {
      throttledAt = limit;
      limit = Math.max(1, limit * DECREASE);
      slowStart = false;
      epoch++;
    }
    notifyAll();
  }

  /** What one completed request of a full window adds to the limit. */
  private double growth() {
    if (slowStart) {
      return 1;
    }
    double below = throttledAt - 1 - limit; // the last throttle's limit was one too many
    double perWindow = below > 0 ? Math.max(1, below / 2) : PROBE_PER_WINDOW;
    return perWindow / limit;
  }

  /** The request of {@code ticket} failed otherwise: its slot is free, the limit unchanged. */
  synchronized void failed(long ticket) {
    inFlight--;
    notifyAll();
  }

  synchronized int limit() {
    return (int) limit;
  }

  synchronized Stats stats() {
    return new Stats((int) limit, highest, ceiling, throttles);
  }

  /** The limit now, the highest it reached, its ceiling, and how many requests were throttled. */
  public record Stats(int limit, int highest, int ceiling, long throttles) {}
}
