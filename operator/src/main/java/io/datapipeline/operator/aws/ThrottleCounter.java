package io.datapipeline.operator.aws;

import io.datapipeline.operator.metrics.OperatorMetrics;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts throttled attempts (datapipeline_aws_throttles_total) from the SDK's own per-attempt
 * metrics: the SDK classifies each failed attempt (its {@code ErrorType}), retries included, so a
 * call throttled twice and then served counts two.
 */
final class ThrottleCounter implements MetricPublisher {

  /** The value CoreMetric.ERROR_TYPE documents for a throttled attempt. */
  private static final String THROTTLING = "Throttling";

  private final OperatorMetrics metrics;

  ThrottleCounter(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void publish(MetricCollection call) {
    call.children().forEach(this::countAttempt);
  }

  private void countAttempt(MetricCollection attempt) {
    long throttled =
        attempt.metricValues(CoreMetric.ERROR_TYPE).stream().filter(THROTTLING::equals).count();
    for (long i = 0; i < throttled; i++) {
      metrics.awsThrottle();
    }
    attempt.children().forEach(this::countAttempt);
  }

  @Override
  public void close() {}
}
