package io.datapipeline.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.api.v1alpha1.DriftStatus;
import io.datapipeline.api.v1alpha1.StackStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusDiffTest {

  private static DataPipelineStatus statusWithOneStack() {
    DataPipelineStatus status = new DataPipelineStatus();
    StackStatus stack = new StackStatus();
    stack.stackName = "dp-team-a-orders-database";
    stack.drift = new DriftStatus();
    stack.drift.status = "NOT_CHECKED";
    status.stacks = new ArrayList<>(List.of(stack));
    return status;
  }

  @Test
  void aChangeMadeInPlaceToObjectsTheNewStatusSharesWithThePreviousIsStillAChange() {
    DataPipelineStatus previous = statusWithOneStack();
    StatusDiff.Snapshot before = StatusDiff.snapshot(previous);
    // As StatusBuilder does: the new status carries the previous one's stack entries over.
    DataPipelineStatus next = new DataPipelineStatus();
    next.stacks = previous.stacks;
    next.conditions = previous.conditions;
    next.stacks.get(0).drift.detectionId = "d-1";

    assertThat(StatusDiff.changed(previous, next))
        .as("the two live objects now agree: comparing them loses the patch")
        .isFalse();
    assertThat(before.changedTo(next)).isTrue();
  }

  @Test
  void anEqualStatusIsNoChangeAndNoStatusOnlyEqualsNoStatus() {
    assertThat(StatusDiff.snapshot(statusWithOneStack()).changedTo(statusWithOneStack())).isFalse();
    assertThat(StatusDiff.snapshot(null).changedTo(null)).isFalse();
    assertThat(StatusDiff.snapshot(null).changedTo(new DataPipelineStatus())).isTrue();
    assertThat(StatusDiff.snapshot(new DataPipelineStatus()).changedTo(null)).isTrue();
  }
}
