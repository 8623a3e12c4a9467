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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  /** The paced test's budget: 4 requests per second, 2 at once; 8 calls at once wait 1.5 s. */
  private static final int PER_SECOND = 4;

  private static final int BURST = 2;
  private static final int AT_ONCE = 8;

  @BeforeAll
  static void credentials() {
    MotoSessions.useStaticKeys();
  }

  @Test
  void requestsAreCountedByOperationAndPacedByTheSharedBudget(MotoAws aws) throws Exception {
    AwsCallRecorder sent = new AwsCallRecorder();
    OperatorMetrics metrics = new OperatorMetrics();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService callers = Executors.newFixedThreadPool(AT_ONCE);
    try (SdkAwsSessions sessions =
        sessions(aws, PER_SECOND, BURST, metrics, List.of(sent), scheduler)) {
      AwsSession session = sessions.forTarget(new AwsTarget("eu-west-1", null));
      // The poller's first (scheduled) sweep may run meanwhile: it draws on the same budget.
      // The calls go at once, as the pipelines of one account do: one after the other, each could
      // take longer than the budget's refill on a busy machine, and then none would ever wait.
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < AT_ONCE; i++) {
        calls.add(
            callers.submit(
                () -> {
                  go.await();
                  return session.cloudFormation().describeStacks();
                }));
      }
      long started = System.nanoTime();
      go.countDown();
      for (Future<?> call : calls) {
        call.get(2, TimeUnit.MINUTES);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      // What the bucket guarantees whatever the machine's load: it holds at most BURST tokens, so
      // AT_ONCE calls cannot all have started before (AT_ONCE - BURST) refills.
      assertThat(took)
          .as("%d calls at once through a %d/s, burst %d budget took", AT_ONCE, PER_SECOND, BURST)
          .isGreaterThanOrEqualTo(Duration.ofMillis(1000L * (AT_ONCE - BURST) / PER_SECOND));
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
      // 6 of the 8 callers at once waited, 0.25 s to 1.5 s each (5.25 s in all when they all
      // arrive together): the wait is counted.
      assertThat(metrics.budgetWait())
          .as("%d calls at once through a 4/s, burst 2 budget waited", AT_ONCE)
          .isGreaterThan(Duration.ofMillis(500));
    } finally {
      callers.shutdownNow();
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
