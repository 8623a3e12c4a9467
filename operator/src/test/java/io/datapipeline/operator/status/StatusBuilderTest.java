package io.datapipeline.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.render.Component;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {

  private static StatusBuilder at(String instant) {
    return new StatusBuilder(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  @Test
  void lastTransitionTimeChangesOnlyWhenTheStatusFlips() {
    DataPipelineStatus first =
        at("2026-01-01T00:00:00Z")
            .build(null, 1, new Observation.Retrying(Reason.THROTTLED, "slow"));
    assertThat(Conditions.find(first.conditions, "Reconciling").lastTransitionTime)
        .isEqualTo("2026-01-01T00:00:00Z");

    DataPipelineStatus second =
        at("2026-01-01T00:05:00Z")
            .build(first, 2, new Observation.Retrying(Reason.AWS_UNAVAILABLE, "still slow"));
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
        at("2026-01-01T00:00:00Z")
            .build(null, 1, new Observation.SpecInvalid(Reason.INVALID_SPEC, "x"));
    DataPipelineStatus again =
        at("2026-01-01T01:00:00Z")
            .build(first, 1, new Observation.SpecInvalid(Reason.INVALID_SPEC, "x"));

    assertThat(StatusDiff.changed(first, again)).isFalse();
    assertThat(
            StatusDiff.changed(
                first,
                at("2026-01-01T01:00:00Z")
                    .build(first, 1, new Observation.SpecInvalid(Reason.INVALID_SPEC, "y"))))
        .isTrue();
  }

  @Test
  void aSuspendedPipelineKeepsItsComponentConditionsAndOnlyThose() {
    DataPipelineStatus previous = new DataPipelineStatus();
    previous.conditions =
        List.of(
            new Condition("DatabaseReady", "True", "StackComplete", "db is CREATE_COMPLETE"),
            new Condition("Ready", "True", "AllStacksComplete", "1 stacks complete"),
            new Condition("SomethingElseReady", "True", "Whatever", "not a condition of ours"));

    DataPipelineStatus suspended =
        at("2026-01-01T00:00:00Z").build(previous, 3, new Observation.Suspended());

    assertThat(suspended.conditions)
        .extracting(c -> c.type)
        .containsExactly("Ready", "Reconciling", "Stalled", "Suspended", "DatabaseReady");
    Condition database = Conditions.find(suspended.conditions, "DatabaseReady");
    assertThat(database.status).isEqualTo("True");
    assertThat(database.reason).isEqualTo("StackComplete");
    assertThat(Conditions.find(suspended.conditions, "Ready").reason).isEqualTo("Suspended");
  }

  @Test
  void everyComponentHasItsConditionType() {
    for (Component component : Component.values()) {
      ConditionType type = ConditionType.of(component);
      assertThat(type.component()).contains(component);
      assertThat(ConditionType.fromId(type.id())).contains(type);
    }
  }
}
