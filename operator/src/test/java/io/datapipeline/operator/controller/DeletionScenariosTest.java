package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.testing.FakeCloudFormation;
import io.datapipeline.operator.testing.PipelineWorld;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.render.StackPlan;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: a pipeline's deletion meeting DELETE_FAILED and deletion policies. Each row: what
 * CloudFormation does -> the DeleteStack calls made (of the table stack) -> the Events.
 */
class DeletionScenariosTest {

  static final String DEPENDENCY =
      "resource sg-0123 has a dependent object (Service: Ec2, Status Code: 400, Error Code:"
          + " DependencyViolation)";
  static final String PROTECTED =
      "Cannot delete protected DB Instance, please disable deletion protection and try again.";

  /**
   * @param deletes the table stack's DeleteStack calls, as their retain detail ("" for none)
   * @param events reasons published, in any order
   * @param never reasons that must not be published
   * @param messages texts some Event must contain
   */
  record Scenario(
      String name,
      Consumer<World> arrange,
      List<String> deletes,
      List<String> events,
      List<String> never,
      List<String> messages) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final class World extends PipelineWorld {
    final String table = stack(Component.TABLE);

    void failTable(String logicalId, String type, String reason, int times) {
      h.cfn.failDelete(table, logicalId, type, reason, times);
    }
  }

  /** The table stack's resource is a DynamoDB table kept by DeletionPolicy Retain. */
  static StackPlan withRetainedTable(DataPipeline p) {
    return TestPlans.plan(p)
        .withStack(
            1,
            t ->
                t.withTemplateBody(
                    t.templateBody()
                        .replace(
                            "\"R\":{\"Type\":\"AWS::SSM::Parameter\"}",
                            "\"Rows\":{\"Type\":\"AWS::DynamoDB::Table\",\"DeletionPolicy\":\"Retain\"}")));
  }

  static Stream<Scenario> scenarios() {
    String tableArn =
        "arn:aws:dynamodb:eu-west-1:123456789012:table/"
            + FakeCloudFormation.physicalId("dp-team-a-orders-table", "Rows");
    return Stream.of(
        new Scenario(
            "clean delete",
            w -> {},
            List.of(""),
            List.of("StackDeleting", "StacksDeleted"),
            List.of("RetryingDelete", "ResourceRetained", "Retained"),
            List.of()),
        new Scenario(
            "transient DependencyViolation twice: retried with backoff, nothing retained",
            w -> w.failTable("R", "AWS::EC2::SecurityGroup", DEPENDENCY, 2),
            List.of("", "", ""),
            List.of("RetryingDelete", "StacksDeleted"),
            List.of("ResourceRetained", "ResourcesLeftBehind"),
            List.of("attempt 1 of 8, the failure looks transient", "attempt 2 of 8")),
        new Scenario(
            "transient failure outlasting its budget: retained, named, no StacksDeleted",
            w -> w.failTable("R", "AWS::EC2::SecurityGroup", DEPENDENCY, 100),
            List.of("", "", "", "", "", "", "", "", "", "retain [R]"),
            List.of("RetryingDelete", "ResourceRetained", "ResourcesLeftBehind"),
            List.of("StacksDeleted"),
            List.of("R (AWS::EC2::SecurityGroup) kept in AWS after 8 more failed attempts")),
        new Scenario(
            "non-transient failure: one more try, then retained and named",
            w ->
                w.failTable(
                    "R", "AWS::S3::Bucket", "The bucket you tried to delete is not empty", 5),
            List.of("", "", "retain [R]"),
            List.of("RetryingDelete", "ResourceRetained", "ResourcesLeftBehind"),
            List.of("StacksDeleted"),
            List.of("could not be and are still in AWS", "not empty")),
        new Scenario(
            "non-transient failure fixed by hand before the retry: nothing retained",
            w ->
                w.failTable(
                    "R", "AWS::S3::Bucket", "The bucket you tried to delete is not empty", 1),
            List.of("", ""),
            List.of("RetryingDelete", "StacksDeleted"),
            List.of("ResourceRetained", "ResourcesLeftBehind"),
            List.of()),
        new Scenario(
            "deletion protection is not mistaken for transient (\"try again\")",
            w -> w.failTable("R", "AWS::RDS::DBInstance", PROTECTED, 5),
            List.of("", "", "retain [R]"),
            List.of("ResourceRetained", "ResourcesLeftBehind"),
            List.of("StacksDeleted"),
            List.of("disable deletion protection")),
        new Scenario(
            "Retain policy: the table is kept and its ARN is in an Event Retained",
            w -> w.h.renderer = DeletionScenariosTest::withRetainedTable,
            List.of(""),
            List.of("Retained", "StacksDeleted"),
            List.of("ResourceRetained", "ResourcesLeftBehind"),
            List.of("Rows (AWS::DynamoDB::Table) " + tableArn + " kept in AWS")),
        new Scenario(
            "the deleted stacks' events forgotten (moto): the Retain table named from its template",
            w -> {
              w.h.renderer = DeletionScenariosTest::withRetainedTable;
              w.h.cfn.forgetDeletedStacks();
            },
            List.of(""),
            List.of("Retained", "StacksDeleted"),
            List.of("ResourceRetained", "ResourcesLeftBehind"),
            List.of(
                "Rows (AWS::DynamoDB::Table) kept in AWS, as its deletion policy says (its ARN is"
                    + " not known")),
        new Scenario(
            "the events report nothing skipped: the Retain table still named, from its template",
            w -> {
              w.h.renderer = DeletionScenariosTest::withRetainedTable;
              w.h.cfn.reportNoSkippedResources();
            },
            List.of(""),
            List.of("Retained", "StacksDeleted"),
            List.of("ResourceRetained", "ResourcesLeftBehind"),
            List.of(
                "Rows (AWS::DynamoDB::Table) kept in AWS, as its deletion policy says (its ARN is"
                    + " not known: the stack's events reported no DELETE_SKIPPED for it)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void deletion(Scenario s) {
    World w = new World();
    s.arrange().accept(w);
    w.h.reconcileUntilReady(w.p);
    w.h.cfn.clearCalls();
    w.h.notices.clear();

    w.h.deleteUntilDone(w.p);

    assertThat(w.h.cfn.stackNames()).as("every stack gone").isEmpty();
    assertThat(w.h.cfn.calls())
        .filteredOn(c -> c.operation().equals("DeleteStack") && w.table.equals(c.stackName()))
        .extracting(FakeCloudFormation.Call::detail)
        .containsExactlyElementsOf(s.deletes());
    w.h.assertNotices(s.events(), s.never(), s.messages());
  }

  @Test
  void noStackWhoseTemplateKeepsNothingIsAskedOrWarnedAboutWhatItKept() {
    World w = new World();
    w.h.cfn.forgetDeletedStacks();
    w.h.reconcileUntilReady(w.p);
    w.h.cfn.clearCalls();
    w.h.notices.clear();

    w.h.deleteUntilDone(w.p);

    assertThat(w.h.cfn.calls())
        .as("no template here has a DeletionPolicy Retain or Snapshot: no events to read")
        .noneMatch(c -> c.operation().equals("DescribeStackEvents"));
    assertThat(w.h.notices).noneMatch(Notice::warning);
    assertThat(w.h.noticeReasons()).contains("StacksDeleted").doesNotContain("Retained");
  }

  @Test
  void whatATemplateKeepsIsNamedWithoutWarningWhenItsEventsAreForgotten() {
    World w = new World();
    w.h.renderer = DeletionScenariosTest::withRetainedTable;
    w.h.cfn.forgetDeletedStacks();
    w.h.reconcileUntilReady(w.p);
    w.h.notices.clear();

    w.h.deleteUntilDone(w.p);

    assertThat(w.h.notices)
        .filteredOn(n -> n.reason().id().equals("Retained"))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).as("the table is kept, as its policy says").isFalse();
              assertThat(n.message()).startsWith(w.table + ": Rows (AWS::DynamoDB::Table) kept");
            });
  }

  /** DeleteStack calls on the table stack, as their retain detail. */
  private static List<String> tableDeletes(World w) {
    return w.h.cfn.calls().stream()
        .filter(c -> c.operation().equals("DeleteStack") && w.table.equals(c.stackName()))
        .map(FakeCloudFormation.Call::detail)
        .toList();
  }

  @Test
  void anOperatorRestartContinuesTheRetryBudgetFromTheStatus() {
    World w = new World();
    w.failTable("R", "AWS::EC2::SecurityGroup", DEPENDENCY, 100);
    w.h.reconcileUntilReady(w.p);
    w.h.cfn.clearCalls();
    // Delete until 4 attempts were made, the budget recorded in the status as it goes.
    for (int i = 0; i < 40 && tableDeletes(w).size() < 4; i++) {
      w.h.poller.poll();
      var cleanup = w.h.controller.cleanup(w.p);
      if (cleanup.status() != null) {
        w.p.setStatus(cleanup.status());
      }
      w.h.cfn.settle();
      w.h.now = w.h.now.plusSeconds(120);
    }
    assertThat(tableDeletes(w)).hasSize(4);
    assertThat(w.p.getStatus().deleteRetries)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stackName).isEqualTo(w.table);
              assertThat(r.attempts).isEqualTo(3);
              assertThat(r.firstFailure).isNotNull();
              assertThat(r.nextAttempt).isNotNull();
            });

    w.h.newOperatorProcess();
    w.h.deleteUntilDone(w.p);

    assertThat(tableDeletes(w))
        .as("the same 8 retries in all, then retained: the restart granted no fresh budget")
        .containsExactly("", "", "", "", "", "", "", "", "", "retain [R]");
    assertThat(w.h.noticeReasons()).contains("ResourceRetained", "ResourcesLeftBehind");
    assertThat(w.h.notices.stream().map(Notice::message))
        .anyMatch(m -> m.contains("kept in AWS after 8 more failed attempts"));
  }

  @Test
  void aFailedRecreateDeleteIsRetriedWithinTheBudgetNotRetainedAtOnce() {
    World w = new World();
    w.h.cfn.failCreate(w.table, "R", 1);
    w.failTable("R", "AWS::EC2::SecurityGroup", DEPENDENCY, 2);

    w.h.reconcileUntilReady(w.p);

    assertThat(tableDeletes(w))
        .as("the failed create deleted, then twice again after DependencyViolation, nothing kept")
        .containsExactly("", "", "");
    assertThat(w.h.noticeReasons()).contains("RecreatingStack", "RetryingDelete");
    assertThat(w.h.noticeReasons()).doesNotContain("ResourceRetained");
    assertThat(w.h.cfn.status(w.table)).contains("CREATE_COMPLETE");
    assertThat(w.p.getStatus().deleteRetries).as("the budget is forgotten once gone").isNull();
  }
}
