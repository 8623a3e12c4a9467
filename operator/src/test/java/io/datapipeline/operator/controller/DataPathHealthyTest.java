package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.ports.DataPathReader.Probe;
import io.datapipeline.operator.ports.DataPathReader.Reading;
import io.datapipeline.operator.status.Conditions;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackOutput;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Condition DataPathHealthy: batched per identity and region, at DATA_PATH_INTERVAL. */
class DataPathHealthyTest {

  private final Harness h = new Harness();

  /** The standard plan, its converter stack with a failure queue output as the real one has. */
  private static StackPlan withFailureQueue(DataPipeline p) {
    StackPlan plan = TestPlans.plan(p);
    List<StackSpec> stacks = new ArrayList<>();
    for (StackSpec s : plan.stacks()) {
      if (s.component() != Component.CONVERTER) {
        stacks.add(s);
        continue;
      }
      stacks.add(
          TestPlans.stack(
              p,
              Component.CONVERTER,
              Map.of(
                  "DatabaseEndpoint", ParameterValue.fromOutput(StackOutput.DATABASE_ENDPOINT),
                  "TableName", ParameterValue.fromOutput(StackOutput.TABLE_NAME)),
              List.of(Component.DATABASE, Component.TABLE),
              "\"ConverterFunctionArn\":{\"Value\":\"arn:aws:lambda:eu-west-1:123456789012:function:"
                  + p.getMetadata().getName()
                  + "\"},\"FailureQueueArn\":{\"Value\":\""
                  + queueArn(p)
                  + "\"}"));
    }
    return new StackPlan(stacks, plan.artifacts());
  }

  private static String queueArn(DataPipeline p) {
    return "arn:aws:sqs:eu-west-1:123456789012:" + p.getMetadata().getName() + "-failures";
  }

  private static Condition dataPath(DataPipeline p) {
    return Conditions.find(p.getStatus().conditions, ConditionType.DATA_PATH_HEALTHY.id());
  }

  @Test
  void isTrueWhenNothingFailedAndFalseWithCountsAndTheOldestFailuresAge() {
    h.renderer = DataPathHealthyTest::withFailureQueue;
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");

    h.reconcileUntilReady(p);
    assertThat(dataPath(p).status).isEqualTo("True");
    assertThat(dataPath(p).reason).isEqualTo("NoFailedFiles");
    assertThat(h.dataPathBatches)
        .last()
        .isEqualTo(List.of(new Probe("team-a/orders", queueArn(p))));

    h.dataPaths.put("team-a/orders", new Reading(3, 2, Duration.ofMinutes(125)));
    h.now = h.now.plus(Duration.ofMinutes(5));
    h.reconcileWithoutPoll(p);

    assertThat(dataPath(p).status).isEqualTo("False");
    assertThat(dataPath(p).reason).isEqualTo("FilesFailing");
    assertThat(dataPath(p).message)
        .isEqualTo(
            "3 file(s) failed in the last hour; 2 failure(s) wait in the failure queue, the"
                + " oldest for 2h 5m");
  }

  @Test
  void readsEveryPipelineOfARegionInOneBatchPerIntervalAndKeepsTheLastWordBetween() {
    h.renderer = DataPathHealthyTest::withFailureQueue;
    List<DataPipeline> pipelines = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      DataPipeline p = TestPlans.pipeline("team-a", "p" + i, "uid-" + i);
      pipelines.add(p);
      h.reconcileUntilReady(p);
    }
    int batches = h.dataPathBatches.size();
    // Reconciles within the interval cost no read at all, whatever the number of pipelines.
    for (DataPipeline p : pipelines) {
      h.reconcileWithoutPoll(p);
    }
    assertThat(h.dataPathBatches).hasSize(batches);

    h.now = h.now.plus(Duration.ofMinutes(5));
    h.dataPaths.put("team-a/p3", new Reading(1, 1, null));
    for (DataPipeline p : pipelines) {
      h.reconcileWithoutPoll(p);
    }
    assertThat(h.dataPathBatches).hasSize(batches + 1);
    assertThat(h.dataPathBatches.get(batches))
        .as("one batch holds all five pipelines")
        .extracting(Probe::pipeline)
        .containsExactlyInAnyOrder("team-a/p0", "team-a/p1", "team-a/p2", "team-a/p3", "team-a/p4");
    assertThat(pipelines)
        .extracting(p -> dataPath(p).status)
        .containsExactly("True", "True", "True", "False", "True");
    assertThat(dataPath(pipelines.get(3)).message)
        .isEqualTo("1 file(s) failed in the last hour; 1 failure(s) wait in the failure queue");
  }

  @Test
  void aPipelineWithoutAConverterFailureQueueHasNoDataPathCondition() {
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");
    h.reconcileUntilReady(p);
    assertThat(dataPath(p)).isNull();
    assertThat(h.dataPathBatches).isEmpty();
  }
}
