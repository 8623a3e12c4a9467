package io.datapipeline.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.cloudformation.AccountLimits;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.ports.StackQuotaUsage;
import io.datapipeline.testsupport.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StackQuotaTest {

  /** A programmable quota: the limit it answers, or a failure, and how often it was asked. */
  private static final class QuotaStandIn implements AccountLimits {
    volatile int limit = 10;
    volatile boolean failing;
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public int stackLimit() {
      reads.incrementAndGet();
      if (failing) {
        throw new CloudFormationException(
            CloudFormationException.Kind.TERMINAL, "DescribeAccountLimits", "AccessDenied");
      }
      return limit;
    }
  }

  private final QuotaStandIn limits = new QuotaStandIn();
  private final AtomicInteger stacks = new AtomicInteger(-1);
  private Instant now = Instant.parse("2026-12-01T00:00:00Z");
  private final Clock clock = new TestClock(() -> now);
  private final StackQuota quota =
      new StackQuota(() -> limits, stacks::get, 90, clock, "eu-west-1/111111111111");

  @Test
  void noUsageBeforeTheQuotaIsReadAndTheStacksCounted() {
    assertThat(quota.usage()).isEmpty();
    quota.refreshIfDue();
    assertThat(quota.usage()).as("no sweep has counted the stacks yet").isEmpty();

    stacks.set(8);
    assertThat(quota.usage()).contains(new StackQuotaUsage(8, 10, 90));
    assertThat(quota.usage().orElseThrow().nearing()).isFalse();
    stacks.set(9);
    assertThat(quota.usage().orElseThrow().nearing()).as("9 of 10 is 90%").isTrue();
  }

  @Test
  void theQuotaIsReadOncePerRefreshIntervalWhateverTheNumberOfSweeps() {
    stacks.set(1);
    for (int i = 0; i < 100; i++) {
      quota.refreshIfDue();
      now = now.plusSeconds(60);
    }
    assertThat(limits.reads).as("100 minutes of sweeps").hasValue(1);

    limits.limit = 2000;
    now = now.plus(StackQuota.REFRESH);
    quota.refreshIfDue();
    assertThat(limits.reads).hasValue(2);
    assertThat(quota.usage()).map(StackQuotaUsage::limit).contains(2000);
  }

  @Test
  void aFailedReadKeepsTheLastQuotaAndIsRetriedAfterTheRetryInterval() {
    stacks.set(5);
    quota.refreshIfDue();
    now = now.plus(StackQuota.REFRESH);
    limits.failing = true;

    quota.refreshIfDue();
    quota.refreshIfDue();
    assertThat(limits.reads).as("one failed read, not one per sweep").hasValue(2);
    assertThat(quota.usage()).map(StackQuotaUsage::limit).contains(10);

    now = now.plus(StackQuota.RETRY).minus(Duration.ofSeconds(1));
    quota.refreshIfDue();
    assertThat(limits.reads).hasValue(2);
    now = now.plusSeconds(1);
    limits.failing = false;
    limits.limit = 20;
    quota.refreshIfDue();
    assertThat(quota.usage()).map(StackQuotaUsage::limit).contains(20);
  }

  @Test
  void aQuotaNeverReadGivesNoUsage() {
    stacks.set(5);
    limits.failing = true;
    quota.refreshIfDue();
    assertThat(quota.usage()).isEmpty();
  }
}
