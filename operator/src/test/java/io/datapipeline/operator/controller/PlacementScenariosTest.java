package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.NetworkSpec;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: a deployed pipeline whose spec names another region, account or network mode (a
 * manifest that reached the operator without admission). Each row: the change -> the calls made ->
 * the Stalled condition -> the Events.
 */
class PlacementScenariosTest {

  static final String ROLE = "arn:aws:iam::111122223333:role/tenant-a";

  /**
   * @param refusedField the field the Stalled message names, or null when the change is allowed
   */
  record Scenario(String name, Consumer<DataPipeline> change, String refusedField) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario(
            "region changed", p -> p.getSpec().aws.region = "us-east-1", "spec.aws.region"),
        new Scenario(
            "role moved to another account",
            p -> p.getSpec().aws.roleArn = "arn:aws:iam::444455556666:role/tenant-a",
            "spec.aws.roleArn"),
        new Scenario("role removed", p -> p.getSpec().aws.roleArn = null, "spec.aws.roleArn"),
        new Scenario(
            "existing subnets -> created network",
            p -> {
              p.getSpec().network = new NetworkSpec();
              p.getSpec().network.create = new NetworkSpec.NetworkCreateSpec();
            },
            "spec.network"),
        new Scenario(
            "another role of the same account is allowed",
            p -> p.getSpec().aws.roleArn = "arn:aws:iam::111122223333:role/tenant-a-v2",
            null),
        new Scenario("unrelated change is allowed", p -> p.getSpec().suspend = false, null));
  }

  private final Harness h = new Harness();
  private final DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");

  private void deployed() {
    p.getSpec().aws.roleArn = ROLE;
    p.getSpec().network.vpcId = "vpc-0123456789abcdef0";
    h.reconcileUntilReady(p);
    assertThat(p.getStatus().placement.region).isEqualTo("eu-west-1");
    assertThat(p.getStatus().placement.network).isEqualTo("existing");
    h.forgetHistory();
    h.targets.clear();
  }

  /** Deployed, then one pass over generation 2 carrying the scenario's change. */
  private void deployedThenChanged(Scenario s) {
    deployed();
    s.change().accept(p);
    p.getMetadata().setGeneration(2L);
    h.reconcile(p);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void placementChange(Scenario s) {
    deployedThenChanged(s);

    if (s.refusedField() == null) {
      assertThat(condition("Stalled").status).isEqualTo("False");
      h.reconcileUntilReady(p);
      assertThat(p.getStatus().placement.roleArn).isEqualTo(p.getSpec().aws.roleArn);
      return;
    }
    // Only the poller's read of the old place; no call for the pipeline at all.
    assertThat(h.cfn.calls())
        .extracting(c -> c.operation() + " " + c.stackName())
        .containsOnly("DescribeStacks null");
    assertThat(h.targets).as("no session in the new place").isEmpty();
    assertThat(condition("Stalled").status).isEqualTo("True");
    assertThat(condition("Stalled").reason).isEqualTo("InvalidSpec");
    assertThat(condition("Ready").message)
        .startsWith(s.refusedField() + ":")
        .contains("to move a pipeline, create a new DataPipeline");
    assertThat(h.noticeReasons()).containsExactly("InvalidSpec");
    assertThat(p.getStatus().stacks).hasSize(4);
    assertThat(p.getStatus().placement.region).isEqualTo("eu-west-1");
    assertThat(p.getStatus().placement.roleArn).isEqualTo(ROLE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void deletionAfterAPlacementChangeGoesToTheRecordedPlace(Scenario s) {
    deployedThenChanged(s);
    h.targets.clear();

    h.deleteUntilDone(p);

    assertThat(h.cfn.stackNames()).isEmpty();
    String role = s.refusedField() == null ? p.getSpec().aws.roleArn : ROLE;
    // An assumed role is a session of the pipeline's own (named and tagged after it).
    AwsTarget recorded =
        role == null
            ? new AwsTarget("eu-west-1", null)
            : new AwsTarget(
                "eu-west-1",
                role,
                null,
                new AwsTarget.Caller(p.getMetadata().getNamespace(), p.getMetadata().getName()));
    assertThat(h.targets).containsOnly(recorded);
    assertThat(h.noticeReasons()).contains("StacksDeleted");
  }

  @org.junit.jupiter.api.Test
  void aStatusWithoutARecordedPlacementFallsBackToTheStacksArns() {
    deployed();
    p.getStatus().placement = null;
    p.getSpec().aws.region = "us-east-1";
    p.getMetadata().setGeneration(2L);

    h.reconcile(p);

    assertThat(condition("Stalled").reason).isEqualTo("InvalidSpec");
    assertThat(condition("Ready").message).startsWith("spec.aws.region: is us-east-1");
    assertThat(h.cfn.mutatingCalls()).isEmpty();
    assertThat(List.copyOf(h.targets)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void puttingTheRegionBackResumes() {
    deployed();
    p.getSpec().aws.region = "us-east-1";
    p.getMetadata().setGeneration(2L);
    h.reconcile(p);
    assertThat(condition("Stalled").status).isEqualTo("True");

    p.getSpec().aws.region = "eu-west-1";
    p.getMetadata().setGeneration(3L);
    h.reconcileUntilReady(p);

    assertThat(condition("Stalled").status).isEqualTo("False");
    assertThat(h.cfn.mutatingCalls()).isEmpty();
  }

  private Condition condition(String type) {
    return Harness.condition(p, type);
  }
}
