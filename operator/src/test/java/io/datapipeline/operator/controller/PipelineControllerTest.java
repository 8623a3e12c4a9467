package io.datapipeline.operator.controller;

import static io.datapipeline.operator.testing.Harness.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.api.v1alpha1.UpdatePolicy;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.app.OperatorVersion;
import io.datapipeline.operator.app.Renderers;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.status.Conditions;
import io.datapipeline.operator.testing.FakeCloudFormation;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.render.Examples;
import io.datapipeline.render.InvalidSpecException;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every path of the reconcile logic against the in-memory CloudFormation. */
class PipelineControllerTest {

  private final Harness h = new Harness();
  private final DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");

  private String stack(Component c) {
    return TestPlans.stackName(p, c);
  }

  private List<String> createdStacksInOrder() {
    return h.cfn.calls().stream()
        .filter(c -> c.operation().equals("CreateChangeSet"))
        .map(FakeCloudFormation.Call::stackName)
        .toList();
  }

  @Test
  void deploysStacksInDependencyOrderPassingOutputsForward() {
    h.reconcileUntilReady(p);

    assertThat(createdStacksInOrder())
        .containsExactly(
            stack(Component.DATABASE),
            stack(Component.TABLE),
            stack(Component.CONVERTER),
            stack(Component.STORAGE));
    assertThat(h.cfn.parameters(stack(Component.CONVERTER)))
        .containsEntry("DatabaseEndpoint", "db.example.internal")
        .containsEntry("TableName", "orders-table");
    assertThat(h.cfn.parameters(stack(Component.STORAGE)))
        .containsEntry("FunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:c");
  }

  @Test
  void readyPipelineReportsOutputsConditionsAndStacks() {
    h.reconcileUntilReady(p);

    var status = p.getStatus();
    assertThat(status.observedGeneration).isEqualTo(1L);
    assertThat(condition(p, "Ready").reason).isEqualTo("AllStacksComplete");
    assertThat(condition(p, "Reconciling").status).isEqualTo("False");
    assertThat(condition(p, "Stalled").status).isEqualTo("False");
    assertThat(condition(p, "Suspended").status).isEqualTo("False");
    for (String type : List.of("DatabaseReady", "TableReady", "ConverterReady", "StorageReady")) {
      assertThat(condition(p, type).status).as(type).isEqualTo("True");
      assertThat(condition(p, type).observedGeneration).isEqualTo(1L);
    }
    assertThat(status.outputs.bucketName).isEqualTo("dp-orders-bucket");
    assertThat(status.outputs.databaseEndpoint).isEqualTo("db.example.internal");
    assertThat(status.outputs.databasePort).isEqualTo("5432");
    assertThat(status.outputs.tableName).isEqualTo("orders-table");
    assertThat(status.connectionSecret).isEqualTo("orders-connection");
    assertThat(status.stacks)
        .extracting(s -> s.component + "=" + s.status)
        .containsExactly(
            "database=CREATE_COMPLETE",
            "table=CREATE_COMPLETE",
            "converter=CREATE_COMPLETE",
            "storage=CREATE_COMPLETE");
    assertThat(status.stacks).allSatisfy(s -> assertThat(s.templateHash).hasSize(16));
    assertThat(h.noticeReasons()).contains("StackCreating", "StackCreated");
    h.poller.poll();
    assertThat(h.poller.anyInProgress()).as("settled: the poller slows down").isFalse();
  }

  @Test
  void makesNoCloudFormationCallWhenDeployedEqualsDesired() {
    h.reconcileUntilReady(p);
    h.cfn.clearCalls();

    h.reconcileWithoutPoll(p);
    h.reconcileWithoutPoll(p);

    assertThat(h.cfn.calls()).isEmpty();
    assertThat(condition(p, "Ready").status).isEqualTo("True");
  }

  @Test
  void changingOneStacksInputUpdatesOnlyThatStack() {
    h.reconcileUntilReady(p);
    h.cfn.clearCalls();
    p.getMetadata().setGeneration(2L);
    h.renderer = pipeline -> TestPlans.plan(pipeline, "2048");

    h.reconcileUntilReady(p);

    assertThat(h.cfn.mutatingCalls())
        .extracting(FakeCloudFormation.Call::stackName)
        .containsOnly(stack(Component.CONVERTER));
    assertThat(h.cfn.mutatingCalls())
        .extracting(FakeCloudFormation.Call::operation)
        .containsExactly("CreateChangeSet", "ExecuteChangeSet");
    assertThat(h.cfn.parameters(stack(Component.CONVERTER))).containsEntry("MemoryMiB", "2048");
    assertThat(p.getStatus().observedGeneration).isEqualTo(2L);
    assertThat(h.noticeReasons()).contains("StackUpdating", "StackUpdated");
  }

  @Test
  void noUpdatesToPerformIsSuccess() {
    h.reconcileUntilReady(p);
    // The status is lost (e.g. the resource was re-applied from Git); a change set finds out.
    p.setStatus(null);
    p.getMetadata().setGeneration(2L);
    h.cfn.clearCalls();

    h.reconcileUntilReady(p);

    assertThat(h.cfn.count("ExecuteChangeSet")).isZero();
    assertThat(h.cfn.count("DeleteChangeSet")).isEqualTo(4);
    h.cfn.clearCalls();
    h.reconcileWithoutPoll(p);
    assertThat(h.cfn.calls()).isEmpty();
  }

  @Test
  void waitsWithoutCallsWhileStacksAreInProgress() {
    h.reconcile(p); // change sets for database and table
    h.reconcile(p); // executes them: CREATE_IN_PROGRESS until CloudFormation settles
    h.cfn.clearCalls();

    var result = h.reconcile(p);

    assertThat(h.cfn.mutatingCalls()).isEmpty();
    assertThat(condition(p, "Ready").status).isEqualTo("False");
    assertThat(condition(p, "Reconciling").status).isEqualTo("True");
    assertThat(condition(p, "Reconciling").reason).isEqualTo("StackInProgress");
    assertThat(condition(p, "ConverterReady").reason).isEqualTo("WaitingForDependencies");
    assertThat(result.requeueAfter()).isPresent();
    assertThat(p.getStatus().stacks.get(0).status).isEqualTo("CREATE_IN_PROGRESS");
  }

  @Test
  void failedFirstCreateIsDeletedAndCreatedAgain() {
    h.cfn.failCreate(stack(Component.DATABASE), "Db", 1);

    h.reconcileUntilReady(p);

    assertThat(h.cfn.count("DeleteStack")).isEqualTo(1);
    assertThat(createdStacksInOrder())
        .filteredOn(s -> s.equals(stack(Component.DATABASE)))
        .hasSize(2);
    assertThat(h.noticeReasons()).contains("RecreatingStack", "StackRecovered");
    assertThat(h.noticeReasons()).doesNotContain("StackRecreated");
  }

  @Test
  void createThatKeepsFailingEndsStalledWithTheFirstFailingResource() {
    h.cfn.failCreate(stack(Component.DATABASE), "Db", 100);

    h.rounds(p, 20);

    assertThat(condition(p, "Stalled").status).isEqualTo("True");
    assertThat(condition(p, "Stalled").reason).isEqualTo("CreateFailed");
    assertThat(condition(p, "Ready").reason).isEqualTo("CreateFailed");
    assertThat(condition(p, "DatabaseReady").message).contains("Invalid DB engine version");
    StackStatus db = p.getStatus().stacks.get(0);
    assertThat(db.status).isEqualTo("ROLLBACK_COMPLETE");
    assertThat(db.reason).isEqualTo("Db (AWS::RDS::DBInstance): Invalid DB engine version");
    // the first create plus two bounded retries
    assertThat(createdStacksInOrder())
        .filteredOn(s -> s.equals(stack(Component.DATABASE)))
        .hasSize(3);
    // the table does not depend on the database: it still deploys
    assertThat(condition(p, "TableReady").status).isEqualTo("True");
    assertThat(condition(p, "ConverterReady").reason).isEqualTo("WaitingForDependencies");
  }

  @Test
  void newGenerationRetriesAStalledCreate() {
    h.cfn.failCreate(stack(Component.DATABASE), "Db", 3);
    h.rounds(p, 12);
    assertThat(condition(p, "Stalled").status).isEqualTo("True");

    p.getMetadata().setGeneration(2L);
    h.reconcileUntilReady(p);

    assertThat(condition(p, "Stalled").status).isEqualTo("False");
    assertThat(condition(p, "Ready").observedGeneration).isEqualTo(2L);
  }

  /**
   * Deployed, then generation 2 asks for 20480 MiB of converter memory, an update CloudFormation
   * fails on the function (and whose rollback fails once too, when {@code rollbackFails}).
   */
  private void deployedThenAConverterUpdateFails(boolean rollbackFails) {
    h.reconcileUntilReady(p);
    h.cfn.failUpdate(stack(Component.CONVERTER), "Function", rollbackFails);
    p.getMetadata().setGeneration(2L);
    h.renderer = pipeline -> TestPlans.plan(pipeline, "20480");
  }

  @Test
  void rolledBackUpdateIsStalledUntilTheSpecChanges() {
    deployedThenAConverterUpdateFails(false);

    h.rounds(p, 6);

    assertThat(condition(p, "Stalled").reason).isEqualTo("UpdateRolledBack");
    assertThat(condition(p, "ConverterReady").message).contains("Memory size out of range");
    assertThat(h.cfn.count("ExecuteChangeSet")).isEqualTo(5); // 4 creates + 1 update, no retry

    p.getMetadata().setGeneration(3L);
    h.renderer = pipeline -> TestPlans.plan(pipeline, "2048");
    h.reconcileUntilReady(p);
    assertThat(h.cfn.parameters(stack(Component.CONVERTER))).containsEntry("MemoryMiB", "2048");
  }

  @Test
  void updateRollbackFailedIsContinued() {
    deployedThenAConverterUpdateFails(true);
    h.rounds(p, 2);
    assertThat(h.cfn.status(stack(Component.CONVERTER))).contains("UPDATE_ROLLBACK_FAILED");

    h.reconcile(p);

    assertThat(h.cfn.count("ContinueUpdateRollback")).isEqualTo(1);
    assertThat(h.noticeReasons()).contains("ContinuingUpdateRollback");
    h.cfn.settle();
    h.reconcile(p);
    assertThat(h.cfn.status(stack(Component.CONVERTER))).contains("UPDATE_ROLLBACK_COMPLETE");
    assertThat(condition(p, "Stalled").reason).isEqualTo("UpdateRolledBack");
  }

  @Test
  void stackDeletedOutOfBandIsRecreatedAndAnEventSaysSo() {
    h.reconcileUntilReady(p);
    h.cfn.deleteOutOfBand(stack(Component.STORAGE));

    h.reconcileUntilReady(p);

    assertThat(h.cfn.status(stack(Component.STORAGE))).contains("CREATE_COMPLETE");
    assertThat(h.noticeReasons()).contains("StackRecreated");
  }

  @Test
  void stackOwnedByAnotherPipelineIsNeverTouched() {
    h.cfn.putForeignStack(
        stack(Component.TABLE),
        Map.of(
            "datapipeline.io/uid",
            "someone-else",
            "datapipeline.io/namespace",
            "team-b",
            "datapipeline.io/name",
            "orders"));

    h.rounds(p, 5);

    assertThat(condition(p, "Stalled").reason).isEqualTo("StackOwnedByAnother");
    assertThat(condition(p, "TableReady").message).contains("team-b/orders");
    assertThat(h.cfn.mutatingCalls()).noneMatch(c -> stack(Component.TABLE).equals(c.stackName()));

    h.deleteUntilDone(p);
    assertThat(h.cfn.stackNames()).containsExactly(stack(Component.TABLE));
  }

  @Test
  void suspendedPipelineMakesNoAwsCalls() {
    h.reconcileUntilReady(p);
    h.cfn.clearCalls();
    p.getSpec().suspend = true;
    p.getMetadata().setGeneration(2L);
    h.renderer = pipeline -> TestPlans.plan(pipeline, "4096");

    var result = h.reconcileWithoutPoll(p);

    assertThat(h.cfn.calls()).isEmpty();
    assertThat(condition(p, "Suspended").status).isEqualTo("True");
    assertThat(condition(p, "Ready").reason).isEqualTo("Suspended");
    assertThat(result.requeueAfter()).isEmpty();
  }

  @Test
  void throttlingIsRetriedAndConverges() {
    h.reconcile(p);
    h.cfn.settle();
    h.cfn.throttleNext(2);

    var result = h.reconcileWithoutPoll(p);

    assertThat(condition(p, "Reconciling").reason).isEqualTo("Throttled");
    assertThat(result.requeueAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
    h.reconcileUntilReady(p);
    assertThat(createdStacksInOrder()).doesNotHaveDuplicates();
  }

  @Test
  void restartedOperatorTakesOverMidCreateWithoutDuplicates() {
    h.reconcile(p); // change sets created (stacks in REVIEW_IN_PROGRESS)
    h.reconcile(p); // executed: CREATE_IN_PROGRESS
    // The operator dies before its status patch lands: the new one starts from nothing.
    p.setStatus(null);
    h.newOperatorProcess();

    h.reconcileUntilReady(p);

    assertThat(h.cfn.count("CreateChangeSet")).isEqualTo(4);
    assertThat(h.cfn.count("ExecuteChangeSet")).isEqualTo(4);
    assertThat(createdStacksInOrder()).doesNotHaveDuplicates();
    assertThat(h.cfn.stackNames()).hasSize(4);
  }

  @Test
  void restartedOperatorFindsTheChangeSetItsPredecessorCreated() {
    h.reconcile(p); // change sets created, not yet executed
    p.setStatus(null);
    h.newOperatorProcess();

    h.reconcile(p);

    assertThat(h.cfn.count("CreateChangeSet")).isEqualTo(2);
    assertThat(h.cfn.count("ExecuteChangeSet")).isEqualTo(2);
  }

  @Test
  void manualUpdatePolicyWaitsForApprovalOfTheChangeSet() {
    h.reconcileUntilReady(p);
    p.getSpec().updatePolicy = UpdatePolicy.Manual;
    p.getMetadata().setGeneration(2L);
    h.renderer = pipeline -> TestPlans.plan(pipeline, "2048");

    h.reconcile(p);
    h.reconcile(p);

    // Issue 14: Ready keeps describing what is deployed; AwaitingApproval says what waits.
    assertThat(condition(p, "AwaitingApproval").status).isEqualTo("True");
    assertThat(condition(p, "AwaitingApproval").reason).isEqualTo("ChangeSetPendingApproval");
    assertThat(condition(p, "Ready").status).isEqualTo("True");
    assertThat(condition(p, "Reconciling").status).isEqualTo("False");
    StackStatus converter = p.getStatus().stacks.get(2);
    assertThat(converter.pendingChangeSet.name).startsWith("dp-2-");
    assertThat(converter.pendingChangeSet.changes).isPositive();
    assertThat(h.cfn.count("ExecuteChangeSet")).isEqualTo(4);

    h.cfn.approve(stack(Component.CONVERTER), converter.pendingChangeSet.name);
    h.reconcileUntilReady(p);
    assertThat(h.cfn.parameters(stack(Component.CONVERTER))).containsEntry("MemoryMiB", "2048");
    assertThat(p.getStatus().stacks.get(2).pendingChangeSet).isNull();
  }

  @Test
  void deletesStacksInReverseOrder() {
    h.reconcileUntilReady(p);
    h.cfn.clearCalls();

    h.deleteUntilDone(p);

    assertThat(h.cfn.calls())
        .filteredOn(c -> c.operation().equals("DeleteStack"))
        .extracting(FakeCloudFormation.Call::stackName)
        .containsExactly(
            stack(Component.STORAGE),
            stack(Component.CONVERTER),
            stack(Component.TABLE),
            stack(Component.DATABASE));
    assertThat(h.cfn.stackNames()).isEmpty();
    assertThat(h.noticeReasons()).contains("StackDeleting", "StacksDeleted");
  }

  @Test
  void deleteFailedIsRetriedOnceThenRetainsWhatKeepsFailingAndSaysSo() {
    h.reconcileUntilReady(p);
    h.cfn.failDelete(
        stack(Component.STORAGE),
        "Bucket",
        "AWS::S3::Bucket",
        "The bucket you tried to delete is not empty",
        2);
    h.cfn.clearCalls();

    h.deleteUntilDone(p);

    assertThat(h.cfn.calls())
        .filteredOn(c -> c.operation().equals("DeleteStack"))
        .extracting(c -> c.stackName() + " " + c.detail())
        .startsWith(
            stack(Component.STORAGE) + " ",
            stack(Component.STORAGE) + " ",
            stack(Component.STORAGE) + " retain [Bucket]");
    assertThat(h.noticeReasons())
        .contains("RetryingDelete", "ResourceRetained", "ResourcesLeftBehind")
        .doesNotContain("StacksDeleted");
    assertThat(h.cfn.stackNames()).isEmpty();
  }

  @Test
  void invalidSpecIsStalledWithTheFieldsMessageAndNoAwsCall() {
    h.validator = pipeline -> Optional.of("spec.dashboard.maxTasks: must be >= minTasks (1)");

    h.reconcileWithoutPoll(p);

    assertThat(condition(p, "Stalled").status).isEqualTo("True");
    assertThat(condition(p, "Stalled").reason).isEqualTo("InvalidSpec");
    assertThat(condition(p, "Ready").message).contains("spec.dashboard.maxTasks");
    assertThat(h.cfn.calls()).isEmpty();
    assertThat(h.noticeReasons()).containsExactly("InvalidSpec");
  }

  @Test
  void missingOutputOfAnUpstreamStackIsStalled() {
    h.renderer =
        pipeline ->
            TestPlans.plan(pipeline)
                .withStack(
                    3,
                    storage ->
                        storage.withParameters(
                            Map.of(
                                "FunctionArn",
                                new ParameterValue.FromOutput(
                                    Component.CONVERTER, "NoSuchOutput"))));

    h.rounds(p, 8);

    assertThat(condition(p, "StorageReady").reason).isEqualTo("MissingOutput");
    assertThat(condition(p, "StorageReady").message).contains("NoSuchOutput");
  }

  @Test
  void createsTheBootstrapStackThenUploadsArtifactsAndLargeTemplatesToItsBucket() {
    h.renderer =
        pipeline -> {
          StackPlan plan =
              TestPlans.plan(pipeline)
                  .withStack(
                      1,
                      table ->
                          table.withTemplateBody(
                              table
                                  .templateBody()
                                  .replace(
                                      "{\"Parameters\"",
                                      "{\"Metadata\":{\"Pad\":\""
                                          + "x".repeat(60_000)
                                          + "\"},\"Parameters\"")));
          return new StackPlan(
              plan.stacks(), Map.of("schemas/team-a/orders/abc.json", "{\"columns\":[]}"));
        };

    h.reconcile(p);
    assertThat(h.cfn.stackNames()).containsExactly("datapipeline-bootstrap");
    assertThat(condition(p, "Ready").reason).isEqualTo("CreatingBootstrapStack");
    assertThat(h.artifacts.objects).isEmpty();

    h.rounds(p, 3);

    String bucket = "datapipeline-bootstrap-artifactsbucket";
    assertThat(h.artifacts.objects).containsKey(bucket + "/schemas/team-a/orders/abc.json");
    assertThat(h.artifacts.objects.keySet())
        .anySatisfy(k -> assertThat(k).startsWith(bucket + "/templates/team-a/orders/table-"));
    int uploads = h.artifacts.puts;
    h.reconcileUntilReady(p);
    assertThat(h.artifacts.puts).as("each artifact is uploaded once").isEqualTo(uploads);
    assertThat(h.cfn.calls())
        .filteredOn(c -> c.operation().equals("CreateChangeSet"))
        .extracting(FakeCloudFormation.Call::stackName)
        .containsOnlyOnce("datapipeline-bootstrap", stack(Component.TABLE));
  }

  @Test
  void aRestartWithEveryStackAsDesiredUploadsNothing() {
    h.renderer =
        pipeline ->
            new StackPlan(
                TestPlans.plan(pipeline).stacks(),
                Map.of("schemas/team-a/orders/abc.json", "{\"columns\":[]}"));
    h.reconcileUntilReady(p);
    int uploads = h.artifacts.puts;
    assertThat(uploads).isEqualTo(1);

    h.newOperatorProcess(); // forgets what it uploaded
    h.cfn.clearCalls();
    h.reconcile(p);
    h.reconcile(p);

    assertThat(condition(p, "Ready").status).isEqualTo("True");
    assertThat(h.artifacts.puts).as("no stack needs a change set: nothing to upload").isEqualTo(1);
    assertThat(h.cfn.mutatingCalls()).isEmpty();
  }

  /** The production renderer with the default images, recording each plan the controller made. */
  private List<StackPlan> renderWithDefaultImages() {
    List<StackPlan> rendered = new ArrayList<>();
    PlanRenderer production = Renderers.forConfig(OperatorConfig.defaults());
    h.planRenderer =
        (pipeline, region, account, boundary) -> {
          StackPlan plan = production.render(pipeline, region, account, boundary);
          rendered.add(plan);
          return plan;
        };
    return rendered;
  }

  private static DataPipeline example(String region, String roleArn) {
    DataPipeline pipeline = Examples.load("minimal");
    pipeline.getMetadata().setUid("uid-" + region);
    pipeline.getMetadata().setGeneration(1L);
    pipeline.getSpec().aws.region = region;
    pipeline.getSpec().aws.roleArn = roleArn;
    return pipeline;
  }

  private static String image(StackPlan plan, Component component, String property) {
    StackSpec stack =
        plan.stacks().stream().filter(s -> s.component() == component).findFirst().orElseThrow();
    JsonNode template;
    try {
      template = CanonicalJson.mapper().readTree(stack.templateBody());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return template.findValue(property).asText();
  }

  @Test
  void pipelineInAnotherRegionGetsThatRegionsDefaultImages() {
    List<StackPlan> rendered = renderWithDefaultImages();
    DataPipeline west = example("us-west-2", null);

    h.reconcile(west);

    String version = OperatorVersion.current();
    assertThat(rendered).isNotEmpty();
    StackPlan plan = rendered.get(rendered.size() - 1);
    assertThat(image(plan, Component.CONVERTER, "ImageUri"))
        .as("the operator's own account, the pipeline's region")
        .isEqualTo(
            "123456789012.dkr.ecr.us-west-2.amazonaws.com/datapipeline-converter:" + version);
    assertThat(image(plan, Component.DASHBOARD, "Image"))
        .isEqualTo("123456789012.dkr.ecr.us-west-2.amazonaws.com/datapipeline-grafana:" + version);
    assertThat(h.cfn.stackNames()).as("deploying went ahead").isNotEmpty();
    assertThat(h.accountLookups).extracting(t -> t.region()).contains("us-west-2");
  }

  @Test
  void pipelineWithARoleGetsTheImagesOfTheRolesAccount() {
    List<StackPlan> rendered = renderWithDefaultImages();
    DataPipeline other =
        example("ap-southeast-2", "arn:aws:iam::444455556666:role/tenant-datapipeline");

    h.reconcile(other);

    assertThat(image(rendered.get(rendered.size() - 1), Component.CONVERTER, "ImageUri"))
        .startsWith("444455556666.dkr.ecr.ap-southeast-2.amazonaws.com/datapipeline-converter:");
  }

  @Test
  void imagesNamedInTheSpecAreKeptAsTheyAre() {
    List<StackPlan> rendered = renderWithDefaultImages();
    DataPipeline pipeline = example("us-west-2", null);
    pipeline.getSpec().converter.image = "registry.example/converter:9";

    h.reconcile(pipeline);

    assertThat(image(rendered.get(rendered.size() - 1), Component.CONVERTER, "ImageUri"))
        .isEqualTo("registry.example/converter:9");
  }

  @Test
  void failedAccountLookupIsRetriedNotReportedAsAnInvalidSpec() {
    renderWithDefaultImages();
    h.accountLookupFailure =
        new AwsCallException(
            AwsCallException.Kind.RETRYABLE,
            "GetCallerIdentity",
            "",
            "Unable to execute HTTP request: connection refused",
            null);
    DataPipeline pipeline = example("us-west-2", null);

    PipelineController.Result result = h.reconcile(pipeline);

    assertThat(result.requeueAfter()).isPresent();
    assertThat(condition(pipeline, "Reconciling").reason).isEqualTo("AwsUnavailable");
    assertThat(condition(pipeline, "Reconciling").message).contains("GetCallerIdentity");
    assertThat(h.notices).extracting(n -> n.reason()).doesNotContain(Reason.INVALID_SPEC);
    assertThat(h.cfn.stackNames()).isEmpty();
  }

  /** A plan with an artifact, so the deploy needs the bootstrap stack and an upload. */
  private static StackPlan withArtifact(DataPipeline pipeline) {
    StackPlan plan = TestPlans.plan(pipeline);
    return new StackPlan(plan.stacks(), Map.of("schemas/team-a/orders/abc.json", "{}"));
  }

  @Test
  void accessDeniedOnTheArtifactsBucketStallsWithTheAwsErrorCode() {
    h.renderer = PipelineControllerTest::withArtifact;
    h.artifacts.failPuts =
        new AwsCallException(
            AwsCallException.Kind.TERMINAL,
            "PutObject",
            "AccessDenied",
            "AccessDenied: Access Denied",
            null);

    h.rounds(p, 4);

    assertThat(condition(p, "Stalled").status).isEqualTo("True");
    assertThat(condition(p, "Stalled").reason).isEqualTo("AwsCallRejected");
    assertThat(condition(p, "Stalled").message).isEqualTo("PutObject: AccessDenied: Access Denied");
    assertThat(condition(p, "Ready").status).isEqualTo("False");
    assertThat(condition(p, "Reconciling").status).isEqualTo("False");
    assertThat(h.noticeReasons()).contains("AwsCallRejected");
    assertThat(h.cfn.stackNames())
        .as("no pipeline stack is deployed without its artifacts")
        .containsExactly("datapipeline-bootstrap");

    h.artifacts.failPuts = null;
    h.reconcileUntilReady(p);

    assertThat(condition(p, "Stalled").status).as("recovers once fixed").isEqualTo("False");
  }

  @Test
  void aTerminalFailureOfTheBootstrapStackStallsInsteadOfRetryingForever() {
    h.renderer = PipelineControllerTest::withArtifact;
    h.cfn.failNext(
        "CreateChangeSet",
        "datapipeline-bootstrap",
        new CloudFormationException(
            CloudFormationException.Kind.TERMINAL,
            "CreateChangeSet",
            "AccessDenied",
            "AccessDenied: not authorized to perform cloudformation:CreateChangeSet",
            null));

    h.reconcile(p);

    assertThat(condition(p, "Stalled").status).isEqualTo("True");
    assertThat(condition(p, "Stalled").reason).isEqualTo("AwsCallRejected");
    assertThat(condition(p, "Stalled").message).startsWith("CreateChangeSet: AccessDenied:");
    assertThat(condition(p, "Reconciling").reason).isNotEqualTo("AwsUnavailable");
  }

  @Test
  void aRetryableFailureOfAnUploadIsRetriedNotStalled() {
    h.renderer = PipelineControllerTest::withArtifact;
    h.artifacts.failPuts =
        new AwsCallException(
            AwsCallException.Kind.RETRYABLE, "PutObject", "", "connection reset", null);

    h.rounds(p, 4);

    assertThat(condition(p, "Reconciling").status).isEqualTo("True");
    assertThat(condition(p, "Reconciling").reason).isEqualTo("AwsUnavailable");
    assertThat(condition(p, "Stalled").status).isEqualTo("False");
  }

  /** Every render of the plan fails with {@code failure}. */
  private void rendererThrows(RuntimeException failure) {
    h.renderer =
        pipeline -> {
          throw failure;
        };
  }

  @Test
  void anInvalidSpecFromTheRendererIsInvalidSpec() {
    rendererThrows(new InvalidSpecException("spec.converter.image", "is required"));

    h.reconcileWithoutPoll(p);

    assertThat(condition(p, "Stalled").reason).isEqualTo("InvalidSpec");
    assertThat(condition(p, "Stalled").message).isEqualTo("spec.converter.image: is required");
  }

  @Test
  void aDefectInTheRendererIsNotBlamedOnTheSpec() {
    rendererThrows(new IllegalArgumentException("index out of range in a template builder"));

    assertThatThrownBy(() -> h.reconcileWithoutPoll(p))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(InvalidSpecException.class);
  }

  @Test
  void anUnexpectedFailureShowsOnTheStatus() {
    h.reconcileUntilReady(p);

    var status = h.controller.failed(p, new NullPointerException("outputs was null"));

    Condition reconciling = Conditions.find(status.conditions, "Reconciling");
    assertThat(reconciling.status).isEqualTo("True");
    assertThat(reconciling.reason).isEqualTo("ReconcileError");
    assertThat(reconciling.message).isEqualTo("NullPointerException: outputs was null");
    assertThat(Conditions.find(status.conditions, "Ready").status)
        .as("what was deployed stands")
        .isEqualTo("True");
  }
}
