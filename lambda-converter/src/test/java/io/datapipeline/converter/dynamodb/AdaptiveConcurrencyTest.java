package io.datapipeline.converter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * The limit's arithmetic, driven request by request with the window kept full (as the sink's lanes
 * keep it while the reader is ahead of the table): slow start, the cut on a throttle, the fast
 * climb back to just below where the table throttled, the slow probe beyond it.
 */
class AdaptiveConcurrencyTest {

  /** Tickets of the requests in flight, oldest first. */
  private final Deque<Long> inFlight = new ArrayDeque<>();

  @Test
  void slowStartGrowsByOnePerCompletedRequestUpToTheCeiling() throws InterruptedException {
    AdaptiveConcurrency c = new AdaptiveConcurrency(6);
    assertThat(c.limit()).isEqualTo(AdaptiveConcurrency.INITIAL);

    succeed(c);
    assertThat(c.limit()).isEqualTo(5);
    succeed(c);
    succeed(c);
    succeed(c);

    assertThat(c.limit()).as("never above the ceiling").isEqualTo(6);
    assertThat(c.stats().highest()).isEqualTo(6);
  }

  @Test
  void aThrottleCutsTheLimitToSevenTenthsOncePerCongestionEvent() throws InterruptedException {
    AdaptiveConcurrency c = new AdaptiveConcurrency(64);
    growTo(c, 20);

    throttle(c);
    assertThat(c.limit()).isEqualTo(14);
    throttle(c); // started before the cut: the same congestion event
    throttle(c);

    assertThat(c.limit()).as("requests from before the cut do not cut again").isEqualTo(14);
    assertThat(c.stats().throttles()).isEqualTo(3);
  }

  @Test
  void afterAThrottleTheLimitClimbsBackFastToJustBelowItThenProbesSlowly()
      throws InterruptedException {
    AdaptiveConcurrency c = new AdaptiveConcurrency(64);
    growTo(c, 20);
    throttle(c);
    drain(c); // the requests from before the cut complete without growing it
    assertThat(c.limit()).isEqualTo(14);

    window(c);
    window(c);
    window(c);
    assertThat(c.limit())
        .as("three windows bring it back near one below the throttle (one a window: five)")
        .isBetween(18, 19);

    for (int i = 0; i < 4; i++) {
      window(c);
    }
    assertThat(c.limit())
        .as("then a quarter request more per window: four windows, about one more request")
        .isBetween(19, 20);
  }

  @Test
  void theLimitNeverFallsBelowOne() throws InterruptedException {
    AdaptiveConcurrency c = new AdaptiveConcurrency(64);
    for (int i = 0; i < 10; i++) {
      throttle(c);
      drain(c);
    }
    assertThat(c.limit()).isEqualTo(1);

    window(c);
    assertThat(c.limit()).as("and it grows again from there").isGreaterThanOrEqualTo(1);
  }

  @Test
  void aCeilingBelowOneIsRefused() {
    assertThatThrownBy(() -> new AdaptiveConcurrency(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  /** Fills the window, then the oldest request completes. */
  private void succeed(AdaptiveConcurrency c) throws InterruptedException {
    fill(c);
    c.succeeded(inFlight.poll());
  }

  /** Fills the window, then the oldest request is throttled. */
  private void throttle(AdaptiveConcurrency c) throws InterruptedException {
    fill(c);
    c.throttled(inFlight.poll());
  }

  /** A window's worth of requests completes, the window kept full. */
  private void window(AdaptiveConcurrency c) throws InterruptedException {
    int requests = c.limit();
    for (int i = 0; i < requests; i++) {
      succeed(c);
    }
  }

  private void growTo(AdaptiveConcurrency c, int limit) throws InterruptedException {
    while (c.limit() < limit) {
      succeed(c);
    }
    assertThat(c.limit()).isEqualTo(limit);
  }

  /** Every request in flight completes, none of them with the window full. */
  private void drain(AdaptiveConcurrency c) {
    while (!inFlight.isEmpty()) {
      c.succeeded(inFlight.poll());
    }
  }

  private void fill(AdaptiveConcurrency c) throws InterruptedException {
    while (inFlight.size() < c.limit()) {
      inFlight.add(c.acquire());
    }
  }
}
