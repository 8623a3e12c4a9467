package io.datapipeline.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {

  private static StatusBuilder at(String instant) {
    return new StatusBuilder(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  @Test
  void lastTransitionTimeChangesOnlyWhenTheStatusFlips() {
    DataPipelineStatus first =
        at("2026-01-01T00:00:00Z").build(null, 1, new Observation.Retrying("Throttled", "slow"));
    assertThat(Conditions.find(first.conditions, "Reconciling").lastTransitionTime)
        .isEqualTo("2026-01-01T00:00:00Z");

    DataPipelineStatus second =
        at("2026-01-01T00:05:00Z")
            .build(first, 2, new Observation.Retrying("AwsUnavailable", "still slow"));
    var reconciling = Conditions.find(second.conditions, "Reconciling");
    assertThat(reconciling.lastTransitionTime).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(reconciling.reason).isEqualTo("AwsUnavailable");
    assertThat(reconciling.observedGeneration).isEqualTo(2L);

    DataPipelineStatus third =
        at("2026-01-01T00:09:00Z").build(second, 2, new Observation.Suspended());
    assertThat(Conditions.find(third.conditions, "Reconciling").lastTransitionTime)
        .isEqualTo("2026-01-01T00:09:00Z");
    assertThat(Conditions.find(third.conditions, "Suspended").status).isEqualTo("True");
  }

  @Test
  void sameObservationBuildsAnEqualStatusSoNothingIsPatched() {
    DataPipelineStatus first =
        at("2026-01-01T00:00:00Z").build(null, 1, new Observation.SpecInvalid("InvalidSpec", "x"));
    DataPipelineStatus again =
        at("2026-01-01T01:00:00Z").build(first, 1, new Observation.SpecInvalid("InvalidSpec", "x"));

    assertThat(StatusDiff.changed(first, again)).isFalse();
    assertThat(
            StatusDiff.changed(
                first,
                at("2026-01-01T01:00:00Z")
                    .build(first, 1, new Observation.SpecInvalid("InvalidSpec", "y"))))
        .isTrue();
  }
}
