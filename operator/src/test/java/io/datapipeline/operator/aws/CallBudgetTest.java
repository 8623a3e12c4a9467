package io.datapipeline.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test moves: waiting advances it, nothing sleeps. */
class CallBudgetTest {

  /** A clock that only moves when the bucket sleeps or the test says so. */
  static final class TestClock {
    long nanos;
    final List<Long> sleeps = new ArrayList<>();

    CallBudget budget(double perSecond, int burst) {
      return new CallBudget(
          perSecond,
          burst,
          () -> nanos,
          n -> {
            sleeps.add(n);
            nanos += n;
          });
    }

    void advance(Duration d) {
      nanos += d.toNanos();
    }
  }

  @Test
  void aBurstGoesAtOnceThenCallsArePacedAtTheRate() throws InterruptedException {
    TestClock clock = new TestClock();
    CallBudget budget = clock.budget(2, 3);

    for (int i = 0; i < 3; i++) {
      assertThat(budget.acquire()).as("call %d of the burst", i).isZero();
    }
    assertThat(budget.acquire()).as("the 4th waits for a token at 2/s").isEqualTo(ms(500));
    assertThat(budget.acquire()).isEqualTo(ms(500));
    assertThat(clock.nanos).isEqualTo(ms(1000).toNanos());
  }

  @Test
  void aQuietSpellRefillsUpToTheBurstOnly() throws InterruptedException {
    TestClock clock = new TestClock();
    CallBudget budget = clock.budget(10, 5);
    for (int i = 0; i < 5; i++) {
      budget.acquire();
    }
    clock.advance(Duration.ofMinutes(10));

    assertThat(budget.available()).as("capped at the burst").isEqualTo(5.0);
    for (int i = 0; i < 5; i++) {
      assertThat(budget.acquire()).isZero();
    }
    assertThat(budget.acquire()).isEqualTo(ms(100));
  }

  @Test
  void retriesAreChargedWithoutWaitingAndLaterCallsWaitOutTheDebt() throws InterruptedException {
    TestClock clock = new TestClock();
    CallBudget budget = clock.budget(1, 1);
    budget.acquire();

    budget.charge();
    budget.charge();
    assertThat(clock.sleeps).as("charging never waits").isEmpty();
    assertThat(budget.available()).isEqualTo(-2.0);

    assertThat(budget.acquire())
        .as("two tokens owed plus the one wanted, at 1/s")
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aFractionalRateWaitsTheRightTime() throws InterruptedException {
    TestClock clock = new TestClock();
    CallBudget budget = clock.budget(0.5, 1);
    budget.acquire();
    assertThat(budget.acquire()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesANonsenseBudget() {
    TestClock clock = new TestClock();
    assertThatThrownBy(() -> clock.budget(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.budget(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
