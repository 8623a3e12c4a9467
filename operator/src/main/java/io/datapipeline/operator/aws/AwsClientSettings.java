package io.datapipeline.operator.aws;

import java.time.Duration;

/**
 * What the AWS adapters need from the operator's configuration, so they do not depend on the
 * application's wiring.
 *
 * @param endpointUrl endpoint override for every AWS client (tests, sandbox), or null
 * @param pollInterval settled DescribeStacks interval per account/region
 * @param fastPollInterval DescribeStacks interval while any stack is in progress and the
 *     stack-events queue is unreachable
 * @param callsPerSecond the AWS call budget per account/region: sustained requests per second
 * @param callBurst the budget's bucket size: requests that may go at once after a quiet spell
 * @param sweepInterval settled DescribeStacks sweep interval while stack events arrive
 * @param queueAttributesInterval GetQueueAttributes interval per failure queue (DataPathHealthy)
 * @param stackQuotaWarningPercent share of the account/region's stack quota from which its
 *     pipelines are warned
 * @param sweepMaxInterval the longest the sweep interval grows to while stack events arrive and the
 *     sweeps find nothing they had not told
 */
public record AwsClientSettings(
    String endpointUrl,
    Duration pollInterval,
    Duration fastPollInterval,
    int callsPerSecond,
    int callBurst,
    Duration sweepInterval,
    Duration queueAttributesInterval,
    int stackQuotaWarningPercent,
    Duration sweepMaxInterval) {

  /** Default call budget (the settings catalogue's defaults). */
  public static final int DEFAULT_CALLS_PER_SECOND = 10;

  public static final int DEFAULT_CALL_BURST = 20;

  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(15);

  public static final Duration DEFAULT_SWEEP_MAX_INTERVAL = Duration.ofHours(4);

  /** A failure queue's depth changes rarely and is read one call per queue: a long interval. */
  public static final Duration DEFAULT_QUEUE_ATTRIBUTES_INTERVAL = Duration.ofMinutes(15);

  public static final int DEFAULT_STACK_QUOTA_WARNING_PERCENT = 90;

  /**
   * The sweep and queue intervals and the quota warning at their defaults; the sweep interval does
   * not grow.
   */
  public AwsClientSettings(
      String endpointUrl,
      Duration pollInterval,
      Duration fastPollInterval,
      int callsPerSecond,
      int callBurst) {
    this(
        endpointUrl,
        pollInterval,
        fastPollInterval,
        callsPerSecond,
        callBurst,
        DEFAULT_SWEEP_INTERVAL,
        DEFAULT_QUEUE_ATTRIBUTES_INTERVAL,
        DEFAULT_STACK_QUOTA_WARNING_PERCENT,
        DEFAULT_SWEEP_INTERVAL);
  }

  public AwsClientSettings(String endpointUrl, Duration pollInterval, Duration fastPollInterval) {
    this(endpointUrl, pollInterval, fastPollInterval, DEFAULT_CALLS_PER_SECOND, DEFAULT_CALL_BURST);
  }
}
