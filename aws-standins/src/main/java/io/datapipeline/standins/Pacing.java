package io.datapipeline.standins;

import java.time.Duration;

/**
 * How long a stand-in's poller of moto waits before its next round: twice the last round's time, at
 * least its interval. moto serves every request on one Python thread; with thousands of stacks
 * (bench/operator-scale.sh at N=1,000: 5,000 stacks) a round a second of the events stand-in's scan
 * or the sandbox's bucket polls kept moto busy beside the operator it was serving, so the stand-ins
 * measured themselves. Twice their own time keeps them under a third of moto's; with few stacks a
 * round takes milliseconds and the interval rules.
 */
public final class Pacing {

  private Pacing() {}

  /** The wait before the next round, in milliseconds. */
  public static long nextRoundInMillis(Duration interval, long lastRoundMillis) {
    return Math.max(interval.toMillis(), 2 * lastRoundMillis);
  }
}
