package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.aws.AwsClientSettings;
import io.datapipeline.operator.aws.SdkAwsSessions;
import io.datapipeline.operator.metrics.OperatorMetrics;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every AWS request of a session, whatever the service, is counted by operation and held to the
 * account/region's call budget; throttled attempts are counted one by one. Against moto, compared
 * with the requests that really left the process.
 */
@ExtendWith(MotoExtension.class)
class AwsCallBudgetIT {

  @BeforeAll
  static void credentials() {
    MotoSessions.useStaticKeys();
  }

  @Test
  void requestsAreCountedByOperationAndPacedByTheSharedBudget(MotoAws aws) {
    AwsCallRecorder sent = new AwsCallRecorder();
    OperatorMetrics metrics = new OperatorMetrics();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    // 4 requests per second, 2 at once: 8 calls need about 1.5 s of waiting.
    try (SdkAwsSessions sessions = sessions(aws, 4, 2, metrics, List.of(sent), scheduler)) {
      AwsSession session = sessions.forTarget(new AwsTarget("eu-west-1", null));
      // The poller's first (scheduled) sweep may run meanwhile: it draws on the same budget.
      for (int i = 0; i < 4; i++) {
        session.cloudFormation().describeStacks();
      }
      session.cloudFormation().describeStack("dp-absent-stack");
      session.artifacts().templateUrl("some-bucket", "key");
      try {
        session.dashboard().read("no-such-cluster", "no-such-service");
      } catch (RuntimeException expected) {
        // moto answers for a missing cluster with an error or nothing: the request still counts
      }
      session.cloudFormation().describeStacks();

      for (String op : List.of("DescribeStacks", "DescribeServices")) {
        String service = sent.calls(op).isEmpty() ? "?" : sent.calls(op).get(0).service();
        assertThat(metrics.awsRequests(service, op))
            .as("%s counted as sent", op)
            .isEqualTo(sent.calls(op).size())
            .isPositive();
      }
      assertThat(metrics.awsRequests()).isEqualTo(sent.calls().size());
      assertThat(metrics.scrape())
          .contains(
              "datapipeline_aws_requests_total{service=\"CloudFormation\",operation=\"DescribeStacks\"} "
                  + sent.calls("DescribeStacks").size())
          .contains("datapipeline_aws_budget_wait_seconds_total");
      assertThat(metrics.budgetWait())
          .as("%d requests through a 4/s, burst 2 budget waited", sent.calls().size())
          .isGreaterThan(Duration.ofMillis(500));
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void everyThrottledAttemptCountsAndRetriesAreCountedAsRequests(MotoAws aws) {
    AwsCallRecorder sent = new AwsCallRecorder();
    OperatorMetrics metrics = new OperatorMetrics();
    ThrottleFirstAttempts throttle = new ThrottleFirstAttempts("DescribeStackEvents", 2);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (SdkAwsSessions sessions =
        sessions(aws, 100, 100, metrics, List.of(sent, throttle), scheduler)) {
      AwsSession session = sessions.forTarget(new AwsTarget("eu-west-1", null));
      try {
        session.cloudFormation().describeStackEvents("dp-absent-stack");
      } catch (RuntimeException expected) {
        // the stack does not exist: the third attempt reached moto and got its answer
      }

      assertThat(throttle.thrown()).isEqualTo(2);
      assertThat(metrics.awsThrottles()).as("two throttled attempts").isEqualTo(2);
      assertThat(metrics.awsRequests("CloudFormation", "DescribeStackEvents"))
          .as("three attempts")
          .isEqualTo(3);
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** Sessions against moto with a budget of {@code perSecond} requests, {@code burst} at once. */
  private static SdkAwsSessions sessions(
      MotoAws aws,
      int perSecond,
      int burst,
      OperatorMetrics metrics,
      List<ExecutionInterceptor> interceptors,
      ScheduledExecutorService scheduler) {
    return new SdkAwsSessions(
        new AwsClientSettings(
            aws.endpoint().toString(), Duration.ofHours(1), Duration.ofHours(1), perSecond, burst),
        metrics,
        interceptors,
        scheduler,
        changed -> {});
  }

  /** Throttles the first {@code n} attempts of one operation as CloudFormation does. */
  private static final class ThrottleFirstAttempts implements ExecutionInterceptor {
    private final String operation;
    private final int n;
    private final AtomicInteger thrown = new AtomicInteger();

    ThrottleFirstAttempts(String operation, int n) {
      this.operation = operation;
      this.n = n;
    }

    int thrown() {
      return thrown.get();
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
          && thrown.get() < n) {
        thrown.incrementAndGet();
        throw ThrottlingInjector.throttled();
      }
    }
  }
}
