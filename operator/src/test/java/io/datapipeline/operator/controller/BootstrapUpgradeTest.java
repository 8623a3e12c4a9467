package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.deploy.Bootstrap;
import io.datapipeline.operator.testing.FakeCloudFormation;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.render.BootstrapStack;
import io.datapipeline.render.StackPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator upgrade that changes the bootstrap template updates the bootstrap stack. */
class BootstrapUpgradeTest {

  private final Harness h = new Harness();
  private final DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");

  /** A plan with an artifact, so the pipeline needs the bootstrap stack's bucket. */
  private static StackPlan withArtifact(DataPipeline pipeline) {
    StackPlan plan = TestPlans.plan(pipeline);
    return new StackPlan(plan.stacks(), Map.of("schemas/team-a/orders/abc.json", "{}"));
  }

  /** The next operator version's bootstrap template: one more output. */
  private static BootstrapStack nextVersion() {
    BootstrapStack current = new BootstrapRenderer().render();
    return new BootstrapStack(
        current.stackName(),
        current
            .templateBody()
            .replaceFirst("\"Outputs\": \\{", "\"Outputs\": {\"Version\": {\"Value\": \"2\"},"),
        current.tags(),
        current.capabilities());
  }

  private List<String> bootstrapCalls() {
    return h.cfn.mutatingCalls().stream()
        .filter(c -> Bootstrap.STACK_NAME.equals(c.stackName()))
        .map(
            c ->
                (c.operation()
                        + " "
                        + c.detail().replaceAll("dp-bootstrap-[0-9a-f]{16}", "dp-bootstrap-*"))
                    .strip())
        .toList();
  }

  @Test
  void aChangedTemplateUpdatesTheBootstrapStackByChangeSetWhilePipelinesStayReady() {
    h.renderer = BootstrapUpgradeTest::withArtifact;
    h.reconcileUntilReady(p);
    assertThat(nextVersion().templateBody()).isNotEqualTo(h.bootstrapStack.templateBody());
    h.cfn.clearCalls();

    h.bootstrapStack = nextVersion();
    h.newOperatorProcess();
    for (int i = 0; i < 4; i++) {
      h.reconcile(p);
      assertThat(Harness.condition(p, "Ready").status).as("pass " + i).isEqualTo("True");
      h.cfn.settle();
    }

    assertThat(bootstrapCalls())
        .containsExactly(
            "CreateChangeSet UPDATE dp-bootstrap-*", "ExecuteChangeSet dp-bootstrap-*");
    assertThat(h.cfn.status(Bootstrap.STACK_NAME)).contains("UPDATE_COMPLETE");
    h.cfn.clearCalls();
    h.reconcile(p);
    assertThat(bootstrapCalls()).as("up to date: no more calls").isEmpty();
  }

  @Test
  void theSameTemplateMakesNoBootstrapCall() {
    h.renderer = BootstrapUpgradeTest::withArtifact;
    h.reconcileUntilReady(p);
    h.cfn.clearCalls();

    h.newOperatorProcess();
    h.reconcile(p);
    h.reconcile(p);

    assertThat(bootstrapCalls()).isEmpty();
  }

  @Test
  void reviewInProgressWithAStaleChangeSetOfAnOlderOperatorIsResolved() {
    h.renderer = BootstrapUpgradeTest::withArtifact;
    h.reconcile(p); // the old operator made its CREATE change set, then went away
    assertThat(h.cfn.status(Bootstrap.STACK_NAME)).contains("REVIEW_IN_PROGRESS");
    h.cfn.clearCalls();

    h.bootstrapStack = nextVersion();
    h.newOperatorProcess();
    h.reconcileUntilReady(p);

    assertThat(bootstrapCalls())
        .containsExactly(
            "CreateChangeSet CREATE dp-bootstrap-*", "ExecuteChangeSet dp-bootstrap-*");
    assertThat(h.cfn.calls())
        .filteredOn(c -> c.operation().equals("ExecuteChangeSet"))
        .extracting(FakeCloudFormation.Call::detail)
        .contains("dp-bootstrap-" + nextVersion().templateHash().substring(0, 16));
  }
}
