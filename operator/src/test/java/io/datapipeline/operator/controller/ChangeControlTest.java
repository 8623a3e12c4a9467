package io.datapipeline.operator.controller;

import static io.datapipeline.operator.testing.Harness.condition;
import static io.datapipeline.operator.testing.Harness.stackStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.ReplacementPolicy;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.api.v1alpha1.UpdatePolicy;
import io.datapipeline.operator.deploy.ChangeControl;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.testing.FakeCloudFormation;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Change control against the in-memory CloudFormation: approval of exactly the previewed change set
 * (annotation and spec field, stale approvals, approvals racing a new generation) and the
 * replacement guard with its stack policy, under Automatic and Manual.
 */
class ChangeControlTest {

  private final Harness h = new Harness();
  private final DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");

  private String stack(Component c) {
    return TestPlans.stackName(p, c);
  }

  private void annotateApproval(String changeSetName) {
    var annotations = new HashMap<String, String>();
    annotations.put(ChangeControl.APPROVE_ANNOTATION, changeSetName);
    p.getMetadata().setAnnotations(annotations);
  }

  private long executions(Component c) {
    return h.cfn.calls().stream()
        .filter(call -> call.operation().equals("ExecuteChangeSet"))
        .filter(call -> call.stackName().equals(stack(c)))
        .count();
  }

  private List<Notice> notices(String reason) {
    return h.notices.stream().filter(n -> n.reason().id().equals(reason)).toList();
  }

  /** Deployed at 1024 MiB, then generation 2 under Manual asks for 2048: the converter waits. */
  private String converterWaitingUnderManual() {
    h.reconcileUntilReady(p);
    p.getSpec().updatePolicy = UpdatePolicy.Manual;
    p.getMetadata().setGeneration(2L);
    h.renderer = pipeline -> TestPlans.plan(pipeline, "2048");
    h.reconcile(p); // creates the change set
    h.reconcile(p); // finds it executable and waits
    return stackStatus(p, Component.CONVERTER).pendingChangeSet.name;
  }

  @Test
  void manualPolicyShowsThePreviewAndWaitsWithoutMisleadingOtherStacks() {
    String name = converterWaitingUnderManual();

    StackStatus.PendingChangeSet pending = stackStatus(p, Component.CONVERTER).pendingChangeSet;
    assertThat(name).startsWith("dp-2-");
    assertThat(pending.reason).isEqualTo("ChangeSetPendingApproval");
    assertThat(pending.summary).isEqualTo("1 change(s): modify R (AWS::SSM::Parameter)");
    assertThat(pending.resourceChanges).hasSize(1);
    assertThat(pending.resourceChanges.get(0).logicalId).isEqualTo("R");
    assertThat(pending.resourceChanges.get(0).resourceType).isEqualTo("AWS::SSM::Parameter");
    assertThat(pending.resourceChanges.get(0).action).isEqualTo("Modify");
    assertThat(pending.resourceChanges.get(0).replacement).isEqualTo("False");
    assertThat(executions(Component.CONVERTER)).isEqualTo(1); // its creation only

    var awaiting = condition(p, "AwaitingApproval");
    assertThat(awaiting.status).isEqualTo("True");
    assertThat(awaiting.reason).isEqualTo("ChangeSetPendingApproval");
    assertThat(awaiting.message)
        .contains(name)
        .contains("kubectl annotate dp orders datapipeline.io/approve=" + name);
    // Ready describes what is deployed (complete, at the previous generation's content).
    assertThat(condition(p, "Ready").status).isEqualTo("True");
    assertThat(condition(p, "Reconciling").status).isEqualTo("False");
    assertThat(condition(p, "Reconciling").reason).isEqualTo("AwaitingApproval");
    assertThat(condition(p, "Reconciling").message).contains(stack(Component.CONVERTER));
    // The storage stack needs none of the waiting change set's outputs: it is not "waiting".
    assertThat(condition(p, "StorageReady").status).isEqualTo("True");
    assertThat(condition(p, "StorageReady").reason).isNotEqualTo("WaitingForDependencies");
    assertThat(condition(p, "ConverterReady").reason).isEqualTo("ChangeSetPendingApproval");
    // One Event announces the wait, however often the pipeline is reconciled.
    h.reconcile(p);
    h.reconcile(p);
    assertThat(notices("AwaitingApproval")).hasSize(1);
    assertThat(notices("AwaitingApproval").get(0).message()).contains(name);
  }

  @Test
  void approvalByAnnotationExecutesExactlyThatChangeSet() {
    String name = converterWaitingUnderManual();

    annotateApproval(name);
    h.reconcile(p);

    assertThat(h.cfn.calls())
        .contains(
            new FakeCloudFormation.Call("ExecuteChangeSet", stack(Component.CONVERTER), name));
    assertThat(notices("ChangeSetApproved")).hasSize(1);
    h.reconcileUntilReady(p);
    assertThat(h.cfn.parameters(stack(Component.CONVERTER))).containsEntry("MemoryMiB", "2048");
    assertThat(stackStatus(p, Component.CONVERTER).pendingChangeSet).isNull();
    assertThat(condition(p, "AwaitingApproval").status).isEqualTo("False");
    // The annotation stays on the object: it was acted on once, and is not "stale" later.
    h.reconcile(p);
    h.reconcile(p);
    assertThat(notices("ApprovalIgnored")).isEmpty();
    assertThat(p.getStatus().handledApprovals).containsExactly(name);
  }

  @Test
  void approvalBySpecFieldKeepsTheChangeSetTheNewGenerationWouldRename() {
    String name = converterWaitingUnderManual();

    // GitOps: the approval is a commit, so it bumps the generation; the content is unchanged.
    p.getSpec().approvedChangeSet = name;
    p.getMetadata().setGeneration(3L);
    h.reconcile(p);

    assertThat(h.cfn.calls())
        .contains(
            new FakeCloudFormation.Call("ExecuteChangeSet", stack(Component.CONVERTER), name));
    assertThat(h.cfn.calls())
        .noneMatch(c -> c.operation().equals("CreateChangeSet") && c.detail().contains("dp-3-"));
    h.reconcileUntilReady(p);
    assertThat(h.cfn.parameters(stack(Component.CONVERTER))).containsEntry("MemoryMiB", "2048");
    assertThat(notices("ApprovalIgnored")).isEmpty();
  }

  @Test
  void approvalNamingAnythingButThePendingChangeSetIsIgnoredWithOneEvent() {
    String name = converterWaitingUnderManual();

    annotateApproval("dp-1-0123456789abcdef");
    h.reconcile(p);
    h.reconcile(p);
    h.reconcile(p);

    assertThat(executions(Component.CONVERTER)).isEqualTo(1);
    assertThat(notices("ApprovalIgnored")).hasSize(1);
    Notice ignored = notices("ApprovalIgnored").get(0);
    assertThat(ignored.warning()).isTrue();
    assertThat(ignored.message())
        .contains("dp-1-0123456789abcdef")
        .contains("not the change set waiting for approval")
        .contains(name)
        .contains("generation 1");
    assertThat(condition(p, "AwaitingApproval").status).isEqualTo("True");
  }

  @Test
  void approvalWithNothingWaitingIsIgnoredWithAnEvent() {
    h.reconcileUntilReady(p);

    annotateApproval("dp-7-0123456789abcdef");
    h.reconcile(p);

    assertThat(notices("ApprovalIgnored")).hasSize(1);
    assertThat(notices("ApprovalIgnored").get(0).message())
        .contains("no change set waits for approval");
    assertThat(h.cfn.count("ExecuteChangeSet")).isEqualTo(4); // the four creations
  }

  @Test
  void approvalRacingANewGenerationDoesNotExecuteTheNewContent() {
    String previewed = converterWaitingUnderManual();

    // The person approves what they saw while a new commit asks for something else.
    annotateApproval(previewed);
    p.getMetadata().setGeneration(3L);
    h.renderer = pipeline -> TestPlans.plan(pipeline, "4096");
    h.reconcile(p);
    h.reconcile(p);

    assertThat(executions(Component.CONVERTER)).isEqualTo(1);
    assertThat(h.cfn.parameters(stack(Component.CONVERTER))).containsEntry("MemoryMiB", "1024");
    String current = stackStatus(p, Component.CONVERTER).pendingChangeSet.name;
    assertThat(current).startsWith("dp-3-").isNotEqualTo(previewed);
    // The stale preview is gone from CloudFormation, so nobody executes it by hand either.
    assertThat(h.cfn.calls())
        .contains(
            new FakeCloudFormation.Call("DeleteChangeSet", stack(Component.CONVERTER), previewed));
    assertThat(notices("ChangeSetSuperseded")).hasSize(1);
    assertThat(notices("ApprovalIgnored")).hasSize(1);
    assertThat(notices("ApprovalIgnored").get(0).message())
        .contains(previewed)
        .contains(current)
        .contains("spec has changed since (generation 3)");

    annotateApproval(current);
    h.reconcile(p);
    h.reconcileUntilReady(p);
    assertThat(h.cfn.parameters(stack(Component.CONVERTER))).containsEntry("MemoryMiB", "4096");
  }

  @Test
  void manualPolicyLetsTheFirstCreateGoAhead() {
    p.getSpec().updatePolicy = UpdatePolicy.Manual;

    h.reconcileUntilReady(p);

    assertThat(h.cfn.count("ExecuteChangeSet")).isEqualTo(4);
    assertThat(condition(p, "AwaitingApproval").status).isEqualTo("False");
  }

  // ---- the replacement guard ----

  private void deployedWithData() {
    h.renderer = pipeline -> TestPlans.planWithData(pipeline, "orders-db", true);
    h.reconcileUntilReady(p);
  }

  /**
   * Generation 2 renders the instance {@code dbIdentifier}, and the bucket if {@code withBucket}.
   */
  private void dataChangesTo(String dbIdentifier, boolean withBucket) {
    p.getMetadata().setGeneration(2L);
    h.renderer = pipeline -> TestPlans.planWithData(pipeline, dbIdentifier, withBucket);
  }

  /** {@link #deployedWithData}, then {@link #dataChangeHeldForApproval}. */
  private void deployedWithDataThenAChangeHeldForApproval(String dbIdentifier, boolean withBucket) {
    deployedWithData();
    dataChangeHeldForApproval(dbIdentifier, withBucket);
  }

  /** {@link #dataChangesTo}, then two passes: the change set is made, then held for approval. */
  private void dataChangeHeldForApproval(String dbIdentifier, boolean withBucket) {
    dataChangesTo(dbIdentifier, withBucket);
    h.reconcile(p);
    h.reconcile(p);
  }

  @Test
  void dataStacksGetAStackPolicyDenyingReplacementAndDeletionOfTheirDataResources() {
    deployedWithData();

    assertThat(h.cfn.stackPolicy(stack(Component.DATABASE)))
        .hasValueSatisfying(
            policy ->
                assertThat(policy)
                    .contains("\"Effect\":\"Deny\"")
                    .contains("Update:Replace")
                    .contains("Update:Delete")
                    .contains("LogicalResourceId/Db"));
    assertThat(h.cfn.stackPolicy(stack(Component.STORAGE)))
        .hasValueSatisfying(policy -> assertThat(policy).contains("LogicalResourceId/Bucket"));
    assertThat(h.cfn.stackPolicy(stack(Component.CONVERTER))).isEmpty();
  }

  @Test
  void aRepeatedCompletionDoesNotWriteTheSamePolicyAgain() {
    deployedWithData();
    long writes = h.cfn.count("SetStackPolicy");
    // A reconcile on a stale status (as after a missed status patch) sees the completion again.
    stackStatus(p, Component.DATABASE).templateHash = null;

    h.reconcile(p);

    assertThat(h.cfn.count("GetStackPolicy")).isPositive();
    assertThat(h.cfn.count("SetStackPolicy")).isEqualTo(writes);
    assertThat(condition(p, "Ready").status).isEqualTo("True");
  }

  @Test
  void automaticUpdateThatWouldReplaceTheDatabaseWaitsForApproval() {
    deployedWithDataThenAChangeHeldForApproval("orders-db-2", true);

    assertThat(executions(Component.DATABASE)).isEqualTo(1);
    var awaiting = condition(p, "AwaitingApproval");
    assertThat(awaiting.status).isEqualTo("True");
    assertThat(awaiting.reason).isEqualTo("DataReplacement");
    assertThat(awaiting.message).contains("Db (AWS::RDS::DBInstance) replaced");
    StackStatus.PendingChangeSet pending = stackStatus(p, Component.DATABASE).pendingChangeSet;
    assertThat(pending.reason).isEqualTo("DataReplacement");
    assertThat(pending.replacements).containsExactly("Db");
    assertThat(pending.resourceChanges.get(0).replacement).isEqualTo("True");
    assertThat(notices("DataReplacement")).hasSize(1);
    assertThat(notices("DataReplacement").get(0).warning()).isTrue();
    // The rest of the pipeline is untouched and not shown as waiting.
    assertThat(condition(p, "ConverterReady").status).isEqualTo("True");
    assertThat(condition(p, "Ready").status).isEqualTo("True");

    annotateApproval(pending.name);
    h.reconcile(p);

    // The policy is lifted for exactly Db, then the change set runs, then the guard is back.
    List<FakeCloudFormation.Call> db =
        h.cfn.mutatingCalls().stream()
            .filter(c -> stack(Component.DATABASE).equals(c.stackName()))
            .toList();
    FakeCloudFormation.Call lift = db.get(db.size() - 2);
    assertThat(lift.operation()).isEqualTo("SetStackPolicy");
    assertThat(lift.detail()).doesNotContain("LogicalResourceId/Db");
    assertThat(db.get(db.size() - 1))
        .isEqualTo(
            new FakeCloudFormation.Call(
                "ExecuteChangeSet", stack(Component.DATABASE), pending.name));
    h.reconcileUntilReady(p);
    assertThat(h.cfn.status(stack(Component.DATABASE))).hasValue("UPDATE_COMPLETE");
    assertThat(h.cfn.stackPolicy(stack(Component.DATABASE)))
        .hasValueSatisfying(policy -> assertThat(policy).contains("LogicalResourceId/Db"));
    assertThat(condition(p, "AwaitingApproval").status).isEqualTo("False");
  }

  @Test
  void automaticUpdateThatWouldRemoveABucketWaitsForApproval() {
    deployedWithDataThenAChangeHeldForApproval("orders-db", false);

    assertThat(executions(Component.STORAGE)).isEqualTo(1);
    assertThat(condition(p, "AwaitingApproval").reason).isEqualTo("DataReplacement");
    assertThat(condition(p, "AwaitingApproval").message)
        .contains("Bucket (AWS::S3::Bucket) removed");

    annotateApproval(stackStatus(p, Component.STORAGE).pendingChangeSet.name);
    h.reconcileUntilReady(p);
    assertThat(h.cfn.status(stack(Component.STORAGE))).hasValue("UPDATE_COMPLETE");
  }

  @Test
  void manualPolicyNamesADataReplacementAsSuch() {
    deployedWithData();

    p.getSpec().updatePolicy = UpdatePolicy.Manual;
    dataChangeHeldForApproval("orders-db-2", true);

    assertThat(stackStatus(p, Component.DATABASE).pendingChangeSet.reason)
        .isEqualTo("DataReplacement");
    assertThat(condition(p, "AwaitingApproval").reason).isEqualTo("DataReplacement");
  }

  @Test
  void replacementPolicyAllowExecutesAtOnceUnderAutomatic() {
    p.getSpec().replacementPolicy = ReplacementPolicy.Allow;
    deployedWithData();
    assertThat(h.cfn.stackPolicy(stack(Component.DATABASE))).isEmpty();

    dataChangesTo("orders-db-2", true);
    h.reconcileUntilReady(p);

    assertThat(executions(Component.DATABASE)).isEqualTo(2);
    assertThat(h.cfn.status(stack(Component.DATABASE))).hasValue("UPDATE_COMPLETE");
    assertThat(notices("DataReplacement")).isEmpty();
  }

  @Test
  void stackPolicyRefusesAReplacementExecutedOutsideTheOperator() {
    deployedWithDataThenAChangeHeldForApproval("orders-db-2", true);
    String name = stackStatus(p, Component.DATABASE).pendingChangeSet.name;

    // Someone runs `aws cloudformation execute-change-set` on the waiting change set.
    h.cfn.approve(stack(Component.DATABASE), name);
    h.cfn.settle();
    h.reconcile(p);

    assertThat(h.cfn.status(stack(Component.DATABASE))).hasValue("UPDATE_ROLLBACK_COMPLETE");
    assertThat(stackStatus(p, Component.DATABASE).reason).contains("Action denied by stack policy");
  }
}
