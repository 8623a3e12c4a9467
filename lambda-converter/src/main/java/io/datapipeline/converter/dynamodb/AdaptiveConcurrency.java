package io.datapipeline.converter.dynamodb;

/**
 * How many BatchWriteItem requests may be in flight at once, found by additive increase,
 * multiplicative decrease (as TCP finds a path's capacity): the limit starts low, grows by one per
 * completed request until the first throttle (slow start), then by one per limit's worth of
 * requests; a throttled request (an exception or UnprocessedItems) halves it, once per congestion
 * event: requests that started before the last decrease do not halve it again. It grows only while
 * the window is full, so a producer slower than the table never drives it to the ceiling. The
 * throughput is then the table's (its capacity or its on-demand throttling), not a fixed thread
 * count's.
 */
public final class AdaptiveConcurrency {

  static final int INITIAL = 4;

  private final int ceiling;
  private double limit;
  private boolean slowStart = true;
  private int inFlight;
  private long epoch;
  private long throttles;
  private int highest;

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
      limit = Math.min(ceiling, limit + (slowStart ? 1 : 1 / limit));
      highest = Math.max(highest, (int) limit);
    }
    notifyAll();
  }

  /** The request of {@code ticket} was throttled, wholly or in part. */
  synchronized void throttled(long ticket) {
    inFlight--;
    throttles++;
    if (ticket == epoch) {
      limit = Math.max(1, limit / 2);
      slowStart = false;
      epoch++;
    }
    notifyAll();
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
