package io.datapipeline.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.metrics.OperatorMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollector;

/** Throttled attempts are counted from the SDK's per-attempt metrics, retries included. */
class ThrottleCounterTest {

  @Test
  void countsEveryThrottledAttemptOfACall() {
    OperatorMetrics metrics = new OperatorMetrics();
    MetricCollector call = MetricCollector.create("ApiCall");
    attempt(call, "Throttling");
    attempt(call, "Throttling");
    attempt(call, "ServerError");
    attempt(call, null);

    new ThrottleCounter(metrics).publish(call.collect());

    assertThat(metrics.awsThrottles()).isEqualTo(2);
    assertThat(metrics.scrape()).contains("datapipeline_aws_throttles_total 2\n");
  }

  private static void attempt(MetricCollector call, String errorType) {
    MetricCollector attempt = call.createChild("ApiCallAttempt");
    attempt.reportMetric(CoreMetric.SERVICE_CALL_DURATION, Duration.ofMillis(5));
    if (errorType != null) {
      attempt.reportMetric(CoreMetric.ERROR_TYPE, errorType);
    }
  }
}
