package io.datapipeline.operator.controller;

import static io.datapipeline.operator.testing.Harness.condition;
import static io.datapipeline.operator.testing.Harness.stackStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DriftPolicy;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.api.v1alpha1.UpdatePolicy;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.deploy.ChangeControl;
import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.observe.ObservedEvent;
import io.datapipeline.operator.status.StatusDiff;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Drift detection on its schedule, its report, and Revert, against the in-memory CloudFormation.
 */
class DriftTest {

  private final Harness h = new Harness();
  private final DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");

  private String stack(Component c) {
    return TestPlans.stackName(p, c);
  }

  /** Ready, then the database changed in the console. */
  private void deployedThenDatabaseDrifts() {
    h.reconcileUntilReady(p);
    databaseDrifts();
  }

  private void databaseDrifts() {
    h.cfn.driftOutOfBand(
        stack(Component.DATABASE), "R", "AWS::SSM::Parameter", "MODIFIED", "/Properties/Value");
  }

  /** Time passes beyond every stack's slot; detections run and CloudFormation finishes them. */
  private void detectionsRun() {
    h.now = h.now.plus(Duration.ofHours(6));
    h.reconcile(p); // DetectStackDrift for each stack
    h.cfn.settle();
    h.reconcile(p); // results read
  }

  @Test
  void detectionIsSpreadOverTheIntervalAndNothingIsCalledBeforeItIsDue() {
    h.reconcileUntilReady(p);
    h.reconcile(p);

    assertThat(h.cfn.count("DetectStackDrift")).isZero();
    Set<String> due =
        p.getStatus().stacks.stream().map(s -> s.drift.nextCheckAt).collect(Collectors.toSet());
    // One slot for all the pipeline's stacks: a role session idle since the last check renews its
    // credentials once for the five checks, not once per check.
    assertThat(p.getStatus().stacks).hasSize(4);
    assertThat(due).hasSize(1);
    for (StackStatus s : p.getStatus().stacks) {
      assertThat(s.drift.status).isEqualTo("NOT_CHECKED");
      assertThat(Instant.parse(s.drift.nextCheckAt))
          .isAfter(h.now.minusSeconds(60))
          .isBefore(h.now.plus(Duration.ofHours(6)));
    }
    assertThat(condition(p, "Drifted").status).isEqualTo("False");
    assertThat(condition(p, "Drifted").reason).isEqualTo("NotChecked");
  }

  @Test
  void eachPipelineHasASlotOfItsOwnAndItsStacksStayInItAfterEachCheck() {
    DataPipeline other = TestPlans.pipeline("team-a", "weather", "uid-2");
    h.reconcileUntilReady(p);
    h.reconcileUntilReady(other);

    assertThat(slots(p)).hasSize(1);
    assertThat(slots(other)).hasSize(1).doesNotContainAnyElementsOf(slots(p));

    databaseDrifts();
    detectionsRun();
    assertThat(h.cfn.count("DetectStackDrift")).isEqualTo(4);
    assertThat(slots(p)).hasSize(1);
    assertThat(Instant.parse(slots(p).iterator().next())).isAfter(h.now);
  }

  private static Set<String> slots(DataPipeline pipeline) {
    return pipeline.getStatus().stacks.stream()
        .map(s -> s.drift.nextCheckAt)
        .collect(Collectors.toSet());
  }

  @Test
  void driftIsReportedPerStackWithItsResourcesAndAsCondition() {
    deployedThenDatabaseDrifts();

    detectionsRun();

    assertThat(h.cfn.count("DetectStackDrift")).isEqualTo(4);
    StackStatus db = stackStatus(p, Component.DATABASE);
    assertThat(db.drift.status).isEqualTo("DRIFTED");
    assertThat(db.drift.checkedAt).isNotNull();
    assertThat(Instant.parse(db.drift.nextCheckAt)).isAfter(Instant.parse(db.drift.checkedAt));
    assertThat(db.drift.resources).hasSize(1);
    assertThat(db.drift.resources.get(0).logicalId).isEqualTo("R");
    assertThat(db.drift.resources.get(0).status).isEqualTo("MODIFIED");
    assertThat(db.drift.resources.get(0).properties).isEqualTo("/Properties/Value");
    assertThat(stackStatus(p, Component.TABLE).drift.status).isEqualTo("IN_SYNC");
    var drifted = condition(p, "Drifted");
    assertThat(drifted.status).isEqualTo("True");
    assertThat(drifted.reason).isEqualTo("StackDrifted");
    assertThat(drifted.message).contains(stack(Component.DATABASE));
    assertThat(h.noticeReasons()).containsOnlyOnce("StackDrifted");
    // Detect only reports: no change set for it, and Ready still describes the deployment.
    assertThat(h.cfn.count("CreateChangeSet")).isEqualTo(4);
    assertThat(condition(p, "Ready").status).isEqualTo("True");

    // One detection per stack per interval: nothing more until the next slot.
    h.reconcile(p);
    h.reconcile(p);
    assertThat(h.cfn.count("DetectStackDrift")).isEqualTo(4);
  }

  @Test
  void revertBringsTheStackBackThroughADriftAwareChangeSetAndConfirmsIt() {
    p.getSpec().driftPolicy = DriftPolicy.Revert;
    deployedThenDatabaseDrifts();
    detectionsRun();
    assertThat(condition(p, "Drifted").reason).isEqualTo("RevertingDrift");

    for (int i = 0;
        i < 8 && !"IN_SYNC".equals(stackStatus(p, Component.DATABASE).drift.status);
        i++) {
      h.reconcile(p);
      h.cfn.settle();
    }

    var revert =
        h.cfn.changeSetRequests(stack(Component.DATABASE)).stream()
            .filter(r -> r.revertDrift())
            .findFirst()
            .orElseThrow();
    assertThat(revert.changeSetName()).startsWith("dp-revert-");
    assertThat(stackStatus(p, Component.DATABASE).drift.status).isEqualTo("IN_SYNC");
    assertThat(condition(p, "Drifted").status).isEqualTo("False");
    assertThat(condition(p, "Drifted").reason).isEqualTo("InSync");
    assertThat(h.noticeReasons()).contains("StackInSync");
    assertThat(condition(p, "Ready").status).isEqualTo("True");
  }

  @Test
  void revertUnderManualWaitsForApprovalOfTheRevertChangeSet() {
    p.getSpec().driftPolicy = DriftPolicy.Revert;
    p.getSpec().updatePolicy = UpdatePolicy.Manual;
    deployedThenDatabaseDrifts();
    detectionsRun();
    h.reconcile(p);
    h.reconcile(p);

    StackStatus.PendingChangeSet pending = stackStatus(p, Component.DATABASE).pendingChangeSet;
    assertThat(pending.name).startsWith("dp-revert-");
    assertThat(condition(p, "AwaitingApproval").status).isEqualTo("True");
    assertThat(h.cfn.count("ExecuteChangeSet")).isEqualTo(4);

    p.getMetadata().setAnnotations(Map.of(ChangeControl.APPROVE_ANNOTATION, pending.name));
    for (int i = 0;
        i < 8 && !"IN_SYNC".equals(stackStatus(p, Component.DATABASE).drift.status);
        i++) {
      h.reconcile(p);
      h.cfn.settle();
    }
    assertThat(stackStatus(p, Component.DATABASE).drift.status).isEqualTo("IN_SYNC");
    assertThat(condition(p, "AwaitingApproval").status).isEqualTo("False");
  }

  @Test
  void revertThatLeavesTheDriftIsRevertFailedAndNotRetriedInALoop() {
    p.getSpec().driftPolicy = DriftPolicy.Revert;
    deployedThenDatabaseDrifts();
    h.cfn.revertLeavesDrift(stack(Component.DATABASE));
    detectionsRun();

    h.rounds(p, 10);

    StackStatus db = stackStatus(p, Component.DATABASE);
    assertThat(db.drift.status).isEqualTo("DRIFTED");
    assertThat(db.drift.reason).contains("still drifted after the revert");
    assertThat(condition(p, "Drifted").reason).isEqualTo("RevertFailed");
    long reverts =
        h.cfn.calls().stream()
            .filter(c -> c.operation().equals("CreateChangeSet"))
            .filter(c -> c.detail().contains("dp-revert-"))
            .count();
    assertThat(reverts).isEqualTo(1);
  }

  /**
   * The account's events queue is read; the database drifted; every stack's detection started and
   * CloudFormation finished them (their events not yet delivered).
   */
  private void detectionsFinishWhileEventsArrive() {
    eventsArrive();
    deployedThenDatabaseDrifts();
    h.now = h.now.plus(Duration.ofHours(6));
    h.reconcile(p); // DetectStackDrift for each stack
    h.cfn.settle();
  }

  /** The account's stack-events queue is read from now on (the listener is healthy). */
  private void eventsArrive() {
    h.poller.sweepLongWhile(() -> true, Duration.ofMinutes(15));
  }

  @Test
  void whileEventsArriveTheResultComesWithTheEventAndNoStatusIsAsked() {
    detectionsFinishWhileEventsArrive();

    var waiting = h.reconcile(p);
    assertThat(h.cfn.count("DescribeStackDriftDetectionStatus"))
        .as("no status polls while the event may still come")
        .isZero();
    assertThat(waiting.requeueAfter())
        .as("the event reconciles; the requeue is the wait for it, not 10 s")
        .hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMinutes(4)));

    h.poller.onEvents(h.cfn.driftEvents());
    h.reconcile(p);

    assertThat(h.cfn.count("DetectStackDrift")).isEqualTo(4);
    assertThat(h.cfn.count("DescribeStackDriftDetectionStatus")).isZero();
    assertThat(h.cfn.count("DescribeStackResourceDrifts"))
        .as("the drifted stack's resources, asked once")
        .isEqualTo(1);
    assertThat(stackStatus(p, Component.DATABASE).drift.status).isEqualTo("DRIFTED");
    assertThat(stackStatus(p, Component.DATABASE).drift.resources).hasSize(1);
    assertThat(stackStatus(p, Component.TABLE).drift.status).isEqualTo("IN_SYNC");
    assertThat(stackStatus(p, Component.TABLE).drift.detectionId).isNull();
    assertThat(condition(p, "Drifted").reason).isEqualTo("StackDrifted");
  }

  @Test
  void aDriftEventTellsTheOwningPipelineWithoutAnyAwsCall() {
    detectionsFinishWhileEventsArrive();
    List<String> told = new ArrayList<>();
    h.poller.addListener(stacks -> stacks.forEach(st -> told.add(st.name())));
    h.cfn.clearCalls();

    h.poller.onEvents(h.cfn.driftEvents());

    assertThat(h.cfn.calls()).as("the event carries the result").isEmpty();
    assertThat(told).contains(stack(Component.DATABASE), stack(Component.TABLE));
  }

  @Test
  void whenNoEventComesTheStatusIsAskedAfterTheWait() {
    detectionsFinishWhileEventsArrive();
    h.reconcile(p);
    assertThat(h.cfn.count("DescribeStackDriftDetectionStatus")).isZero();

    h.now = h.now.plus(Duration.ofMinutes(5));
    h.reconcile(p);

    assertThat(h.cfn.count("DescribeStackDriftDetectionStatus"))
        .as("one status per detection once the event is overdue")
        .isEqualTo(4);
    assertThat(stackStatus(p, Component.DATABASE).drift.status).isEqualTo("DRIFTED");
  }

  @Test
  void aFailedDetectionsEventIsFollowedByOneStatusReadForTheReason() {
    eventsArrive();
    h.reconcileUntilReady(p);
    h.now = h.now.plus(Duration.ofHours(6));
    h.reconcile(p);
    h.cfn.settle();
    String id = stackStatus(p, Component.TABLE).drift.detectionId;

    h.poller.onEvents(
        List.of(
            new ObservedEvent.DriftDetected(
                stack(Component.TABLE), id, "DETECTION_FAILED", "UNKNOWN")));
    h.reconcile(p);

    assertThat(h.cfn.calls())
        .filteredOn(c -> c.operation().equals("DescribeStackDriftDetectionStatus"))
        .extracting(c -> c.detail())
        .containsExactly(id);
  }

  @Test
  void startingAndFinishingADetectionAreStatusChangesTheReconcilerPatches() {
    h.reconcileUntilReady(p);
    h.now = h.now.plus(Duration.ofHours(6));
    h.poller.poll();
    var before = p.getStatus();

    var started = h.controller.reconcile(p);

    assertThat(h.cfn.count("DetectStackDrift")).isEqualTo(4);
    assertThat(StatusDiff.changed(before, started.status()))
        .as("the detection ids are new in the status (else it is never patched)")
        .isTrue();
    assertThat(before.stacks).allSatisfy(s -> assertThat(s.drift.detectionId).isNull());
    p.setStatus(started.status());
    h.cfn.settle();
    var finished = h.controller.reconcile(p);
    assertThat(StatusDiff.changed(started.status(), finished.status())).isTrue();
  }

  @Test
  void zeroIntervalTurnsDriftDetectionOff() {
    h.driftInterval = Duration.ZERO;
    h.newOperatorProcess();
    deployedThenDatabaseDrifts();

    detectionsRun();

    assertThat(h.cfn.count("DetectStackDrift")).isZero();
    assertThat(stackStatus(p, Component.DATABASE).drift).isNull();
  }

  @Test
  void aRefusedDetectionWaitsAWholeIntervalInsteadOfBeingAskedAtEveryReconcile() {
    h.reconcileUntilReady(p);
    for (Component c : Set.of(Component.DATABASE, Component.TABLE, Component.CONVERTER)) {
      h.cfn.failNext(
          "DetectStackDrift",
          stack(c),
          new CloudFormationException(
              AwsCallException.Kind.TERMINAL,
              "DetectStackDrift",
              "AccessDenied",
              "AccessDenied: not authorized to perform: cloudformation:DetectStackDrift",
              null));
    }
    h.now = h.now.plus(Duration.ofHours(6));
    h.reconcile(p); // due: four detections, three refused
    for (int i = 0; i < 6; i++) {
      h.now = h.now.plus(Duration.ofMinutes(20));
      h.reconcile(p);
      h.cfn.settle();
    }

    assertThat(h.cfn.count("DetectStackDrift"))
        .as("one per stack in two hours, the refused ones not asked again")
        .isEqualTo(4);
    StackStatus db = stackStatus(p, Component.DATABASE);
    assertThat(db.drift.reason).contains("AccessDenied", "cloudformation:DetectStackDrift");
    assertThat(Instant.parse(db.drift.nextCheckAt)).isAfter(h.now);
  }

  @Test
  void aThrottledDetectionIsTriedAgainAfterAPause() {
    h.reconcileUntilReady(p);
    h.cfn.failNext(
        "DetectStackDrift",
        stack(Component.DATABASE),
        new CloudFormationException(
            AwsCallException.Kind.THROTTLED,
            "DetectStackDrift",
            "Throttling",
            "Rate exceeded",
            null));
    h.now = h.now.plus(Duration.ofHours(6));
    h.reconcile(p);
    long afterFirst = h.cfn.count("DetectStackDrift");
    h.now = h.now.plus(Duration.ofMinutes(10));
    h.reconcile(p);
    assertThat(h.cfn.count("DetectStackDrift")).as("within the pause").isEqualTo(afterFirst);

    h.now = h.now.plus(Duration.ofMinutes(6));
    h.reconcile(p);
    h.cfn.settle();
    h.reconcile(p);

    assertThat(h.cfn.count("DetectStackDrift")).isEqualTo(afterFirst + 1);
    assertThat(stackStatus(p, Component.DATABASE).drift.status).isEqualTo("IN_SYNC");
    assertThat(stackStatus(p, Component.DATABASE).drift.reason).isNull();
  }
}
