package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.testing.FakeCloudFormation;
import io.datapipeline.operator.testing.PipelineWorld;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.render.StackPlan;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: what each {@code database.deletionPolicy} does when the pipeline is deleted, over
 * the in-memory CloudFormation (moto ignores DeletionPolicy Snapshot). As in AWS, the fake's RDS
 * refuses to delete an instance with DeletionProtection on. Each row: the database template -> the
 * mutating calls on the database stack -> Events -> what is left.
 */
class DatabaseDeletionPolicyTest {

  static final String PREPARE = "dp-unprotect-before-delete";

  /**
   * @param policy DeletionPolicy of the instance
   * @param protection its DeletionProtection (as rendered: on unless the policy is Delete)
   * @param calls the database stack's mutating calls, as "Operation detail"
   * @param events reasons published
   * @param never reasons never published
   * @param messages texts some Event contains
   * @param snapshots final snapshots taken
   */
  record Scenario(
      String name,
      String policy,
      boolean protection,
      Consumer<World> arrange,
      List<String> calls,
      List<String> events,
      List<String> never,
      List<String> messages,
      int snapshots) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The pipeline deployed with the scenario's database. */
  static final class World extends PipelineWorld {
    final String database = stack(Component.DATABASE);

    World(Scenario s) {
      h.renderer = p -> withDatabase(p, s.policy(), s.protection());
      h.reconcileUntilReady(p);
    }
  }

  static final String INSTANCE_ID =
      FakeCloudFormation.physicalId("dp-team-a-orders-database", "Db");

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario(
            "Snapshot: DeletionProtection turned off by a change set, then a final snapshot",
            "Snapshot",
            true,
            w -> {},
            List.of(
                "CreateChangeSet UPDATE " + PREPARE, "ExecuteChangeSet " + PREPARE, "DeleteStack "),
            List.of("UnprotectingDatabase", "StackDeleting", "FinalSnapshot", "StacksDeleted"),
            List.of("RetryingDelete", "ResourceRetained", "ResourcesLeftBehind", "Retained"),
            List.of("its final snapshot is " + INSTANCE_ID + "-snapshot-"),
            1),
        new Scenario(
            "Retain: the protected instance is kept, its ARN in an Event Retained, no update",
            "Retain",
            true,
            w -> {},
            List.of("DeleteStack "),
            List.of("Retained", "StacksDeleted"),
            List.of("UnprotectingDatabase", "FinalSnapshot", "ResourceRetained", "RetryingDelete"),
            List.of(
                "Db (AWS::RDS::DBInstance) arn:aws:rds:eu-west-1:123456789012:db:"
                    + INSTANCE_ID
                    + " kept in AWS"),
            0),
        new Scenario(
            "Delete: unprotected, deleted, no snapshot",
            "Delete",
            false,
            w -> {},
            List.of("DeleteStack "),
            List.of("StacksDeleted"),
            List.of("UnprotectingDatabase", "FinalSnapshot", "Retained", "ResourceRetained"),
            List.of(),
            0),
        new Scenario(
            "Snapshot, the unprotecting update rolls back: deleted anyway, RDS refuses, retained"
                + " and named, never StacksDeleted",
            "Snapshot",
            true,
            w -> w.h.cfn.failUpdate(w.database, "Db", false),
            List.of(
                "CreateChangeSet UPDATE " + PREPARE,
                "ExecuteChangeSet " + PREPARE,
                "DeleteStack ",
                "DeleteStack ",
                "DeleteStack retain [Db]"),
            List.of("UnprotectingDatabase", "UnprotectFailed", "ResourceRetained"),
            List.of("StacksDeleted", "FinalSnapshot"),
            List.of("disable deletion protection", "could not turn DeletionProtection off on Db"),
            0));
  }

  /** The plan whose database stack holds an RDS instance {@code Db} with the given policy. */
  static StackPlan withDatabase(DataPipeline p, String policy, boolean protection) {
    return TestPlans.plan(p)
        .withStack(
            0,
            db ->
                db.withTemplateBody(
                    db.templateBody()
                        .replace(
                            "\"R\":{\"Type\":\"AWS::SSM::Parameter\"}",
                            "\"Db\":{\"Type\":\"AWS::RDS::DBInstance\",\"DeletionPolicy\":\""
                                + policy
                                + "\",\"UpdateReplacePolicy\":\""
                                + policy
                                + "\",\"Properties\":{\"DeletionProtection\":"
                                + protection
                                + ",\"DBInstanceClass\":{\"Ref\":\"InstanceClass\"}}}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void deletion(Scenario s) {
    World w = new World(s);
    s.arrange().accept(w);
    w.h.cfn.clearCalls();
    w.h.notices.clear();

    w.h.deleteUntilDone(w.p);

    assertThat(w.h.cfn.stackNames()).as("every stack gone").isEmpty();
    assertThat(w.h.cfn.mutatingCalls())
        .filteredOn(c -> w.database.equals(c.stackName()))
        .extracting(c -> c.operation() + " " + c.detail())
        .containsExactlyElementsOf(s.calls());
    w.h.assertNotices(s.events(), s.never(), s.messages());
    assertThat(w.h.cfn.finalSnapshots()).hasSize(s.snapshots());
  }

  @Test
  void anOperatorRestartedWhileTheDatabaseStackIsDeletedStillNamesItsFinalSnapshot() {
    Scenario snapshot = scenarios().findFirst().orElseThrow();
    World w = new World(snapshot);
    // Delete, the status patched as it goes, until the database stack's DeleteStack has been sent.
    for (int i = 0; i < 40 && deletesOf(w).isEmpty(); i++) {
      w.h.poller.poll();
      PipelineController.Cleanup cleanup = w.h.controller.cleanup(w.p);
      w.h.notices.addAll(cleanup.notices());
      if (cleanup.status() != null) {
        w.p.setStatus(cleanup.status());
      }
      w.h.cfn.settle();
    }
    assertThat(deletesOf(w)).hasSize(1);
    assertThat(w.h.noticeReasons()).doesNotContain("FinalSnapshot");
    assertThat(w.p.getStatus().stackDeletions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.stackName).isEqualTo(w.database);
              assertThat(d.stackId).isNotBlank();
              assertThat(d.snapshotted).containsEntry("Db", "AWS::RDS::DBInstance");
              assertThat(d.retained).as("the template keeps nothing else").isEmpty();
            });

    w.h.newOperatorProcess();
    w.h.deleteUntilDone(w.p);

    assertThat(w.h.notices)
        .filteredOn(n -> n.reason().id().equals("FinalSnapshot"))
        .as("told once, from the status, by the new process")
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.message())
                    .contains("its final snapshot is " + INSTANCE_ID + "-snapshot-"));
    assertThat(w.h.noticeReasons())
        .contains("StacksDeleted")
        .doesNotContain("FinalSnapshotMissing");
  }

  @Test
  void aDeleteStackWhoseReplyIsLostStillHasItsFinalSnapshotNamed() {
    Scenario snapshot = scenarios().findFirst().orElseThrow();
    World w = new World(snapshot);
    w.h.cfn.loseNextDeleteReply(
        w.database,
        new CloudFormationException(
            CloudFormationException.Kind.RETRYABLE, "DeleteStack", "attempt timed out"));
    for (int i = 0; i < 40 && deletesOf(w).isEmpty(); i++) {
      w.h.poller.poll();
      w.h.notices.addAll(w.h.controller.cleanup(w.p).notices());
      w.h.cfn.settle();
    }
    assertThat(w.h.cfn.stackNames()).as("carried out, its reply lost").doesNotContain(w.database);
    // The next pass still sees the stack as the last sweep did; its template is gone.
    w.h.notices.addAll(w.h.controller.cleanup(w.p).notices());

    w.h.deleteUntilDone(w.p);

    assertThat(w.h.notices)
        .filteredOn(n -> n.reason().id().equals("FinalSnapshot"))
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.message())
                    .contains("its final snapshot is " + INSTANCE_ID + "-snapshot-"));
    assertThat(w.h.notices)
        .as("nothing claimed of a template read before the delete")
        .noneMatch(n -> n.warning() && n.reason().id().startsWith("Retained"));
    assertThat(w.h.noticeReasons()).doesNotContain("FinalSnapshotMissing");
  }

  /** The DeleteStack calls on the database stack. */
  private static List<FakeCloudFormation.Call> deletesOf(World w) {
    return w.h.cfn.calls().stream()
        .filter(c -> c.operation().equals("DeleteStack") && w.database.equals(c.stackName()))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theUpdateBeforeTheDeleteChangesOnlyDeletionProtection(Scenario s) {
    World w = new World(s);
    Map<String, String> deployedParameters = w.h.cfn.parameters(w.database);

    w.h.deleteUntilDone(w.p);

    List<ChangeSetRequest> prepare =
        w.h.cfn.changeSetRequests().stream()
            .filter(r -> r.stackName().equals(w.database))
            .filter(r -> r.changeSetName().equals(PREPARE))
            .toList();
    if (!"Snapshot".equals(s.policy())) {
      assertThat(prepare).as("no update before the delete").isEmpty();
      return;
    }
    assertThat(prepare).hasSize(1);
    ChangeSetRequest r = prepare.get(0);
    assertThat(r.create()).isFalse();
    assertThat(r.parameters()).as("no value sent").isEmpty();
    assertThat(r.keepParameters())
        .as("every parameter kept (UsePreviousValue)")
        .containsExactlyInAnyOrderElementsOf(deployedParameters.keySet());
    assertThat(r.tags()).isEqualTo(TestPlans.tags(w.p, Component.DATABASE));
    assertThat(r.templateBody())
        .contains("\"DeletionProtection\": false")
        .contains("\"DeletionPolicy\": \"Snapshot\"")
        .contains("\"Ref\": \"InstanceClass\"");
  }
}
