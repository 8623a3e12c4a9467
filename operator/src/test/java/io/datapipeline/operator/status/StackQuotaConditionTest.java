package io.datapipeline.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.operator.ports.StackQuotaUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackQuotaConditionTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static DataPipelineStatus status() {
    DataPipelineStatus s = new DataPipelineStatus();
    s.conditions = new ArrayList<>();
    return s;
  }

  private static Condition quota(DataPipelineStatus s) {
    return Conditions.find(s.conditions, "StackQuotaNearing");
  }

  @Test
  void trueFromTheThresholdOnWithTheCountsInTheMessage() {
    DataPipelineStatus below = status();
    boolean turned =
        StackQuotaCondition.apply(
            below, null, Optional.of(new StackQuotaUsage(1799, 2000, 90)), 1, T0);
    assertThat(turned).isFalse();
    assertThat(quota(below).status).isEqualTo("False");
    assertThat(quota(below).reason).isEqualTo("StackQuotaAvailable");

    DataPipelineStatus at = status();
    turned =
        StackQuotaCondition.apply(
            at, below, Optional.of(new StackQuotaUsage(1800, 2000, 90)), 1, T0.plusSeconds(60));
    assertThat(turned).as("just turned True: worth an Event").isTrue();
    assertThat(quota(at).status).isEqualTo("True");
    assertThat(quota(at).reason).isEqualTo("StackQuotaNearing");
    assertThat(quota(at).message).contains("1800 of 2000 stacks (90%)", "threshold of 90%");
    assertThat(quota(at).lastTransitionTime).isEqualTo(T0.plusSeconds(60).toString());

    DataPipelineStatus still = status();
    assertThat(
            StackQuotaCondition.apply(
                still,
                at,
                Optional.of(new StackQuotaUsage(1850, 2000, 90)),
                1,
                T0.plusSeconds(120)))
        .as("no second Event while it stays True")
        .isFalse();
    assertThat(quota(still).lastTransitionTime).isEqualTo(T0.plusSeconds(60).toString());
  }

  @Test
  void unknownUsageKeepsTheLastWordAndAddsNothingNew() {
    DataPipelineStatus none = status();
    assertThat(StackQuotaCondition.apply(none, null, Optional.empty(), 1, T0)).isFalse();
    assertThat(quota(none)).isNull();

    DataPipelineStatus nearing = status();
    StackQuotaCondition.apply(nearing, null, Optional.of(new StackQuotaUsage(9, 10, 90)), 1, T0);
    DataPipelineStatus later = status();
    assertThat(StackQuotaCondition.apply(later, nearing, Optional.empty(), 2, T0.plusSeconds(5)))
        .isFalse();
    assertThat(quota(later).status).isEqualTo("True");
    assertThat(quota(later).message).isEqualTo(quota(nearing).message);
  }
}
