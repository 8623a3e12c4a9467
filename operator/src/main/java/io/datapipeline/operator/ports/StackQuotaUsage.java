package io.datapipeline.operator.ports;

/**
 * How much of its stack quota an account and region uses: every stack there (the operator's or
 * not), the quota, and whether that reaches the warning threshold.
 *
 * @param thresholdPercent the share of the quota from which {@link #nearing()} is true
 */
public record StackQuotaUsage(int stacks, int limit, int thresholdPercent) {

  /** True once the stacks reach the threshold's share of the quota. */
  public boolean nearing() {
    return limit > 0 && stacks * 100L >= (long) limit * thresholdPercent;
  }

  /** Whole percent of the quota used, rounded down. */
  public long percent() {
    return limit <= 0 ? 0 : stacks * 100L / limit;
  }
}
