package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.UpdatePolicy;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.testing.FakeCloudFormation;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.PipelineWorld;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: CloudFormation's dead ends on the converter stack after an update (generation 2,
 * 20480 MiB). Each row: how CloudFormation misbehaves -> the repair calls made on that stack -> the
 * Stalled reason (or none) -> the Events.
 */
class DeadEndScenariosTest {

  static final class World extends PipelineWorld {
    final String converter = stack(Component.CONVERTER);

    World() {
      h.reconcileUntilReady(p);
      h.forgetHistory();
    }

    void update() {
      p.getMetadata().setGeneration(2L);
      h.renderer = pipeline -> TestPlans.plan(pipeline, "20480");
    }

    /**
     * The update fails on the function and its rollback fails {@code times} on {@code resource}.
     */
    void updateWhoseRollbackFails(String resource, String type, int times) {
      h.cfn.failUpdate(converter, "Function", false);
      h.cfn.failRollback(converter, resource, type, times);
      update();
      rounds(8);
    }
  }

  /**
   * @param calls the converter stack's ContinueUpdateRollback / DeleteChangeSet / CreateChangeSet /
   *     ExecuteChangeSet calls, change set names without their hash
   * @param stalled the Stalled condition's reason, or "False"
   * @param message text the Stalled (or Ready) message contains
   */
  record Scenario(
      String name,
      Consumer<World> run,
      List<String> calls,
      String stalled,
      String message,
      List<Reason> events) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario(
            "rollback fails once: continued as is, then rolled back",
            w -> {
              w.h.cfn.failUpdate(w.converter, "Function", true);
              w.update();
              w.rounds(6);
            },
            List.of(
                "CreateChangeSet UPDATE dp-2", "ExecuteChangeSet dp-2", "ContinueUpdateRollback"),
            "UpdateRolledBack",
            "Memory size out of range",
            List.of(Reason.CONTINUING_UPDATE_ROLLBACK, Reason.STACK_UPDATE_FAILED)),
        new Scenario(
            "rollback of a function keeps failing: continued skipping it",
            w -> w.updateWhoseRollbackFails("Function", "AWS::Lambda::Function", 2),
            List.of(
                "CreateChangeSet UPDATE dp-2",
                "ExecuteChangeSet dp-2",
                "ContinueUpdateRollback",
                "ContinueUpdateRollback skip [Function]"),
            "UpdateRolledBack",
            "Memory size out of range",
            List.of(Reason.CONTINUING_UPDATE_ROLLBACK)),
        new Scenario(
            "rollback of a database keeps failing: never skipped, Stalled naming it",
            w -> w.updateWhoseRollbackFails("Db", "AWS::RDS::DBInstance", 100),
            List.of(
                "CreateChangeSet UPDATE dp-2", "ExecuteChangeSet dp-2", "ContinueUpdateRollback"),
            "UpdateRollbackFailed",
            "Db (AWS::RDS::DBInstance): Resource handler returned message",
            List.of(Reason.CONTINUING_UPDATE_ROLLBACK)),
        new Scenario(
            "our change set went OBSOLETE while waiting for approval: deleted and made again",
            w -> {
              w.p.getSpec().updatePolicy = UpdatePolicy.Manual;
              w.update();
              w.rounds(2);
              String pending = w.p.getStatus().stacks.get(2).pendingChangeSet.name;
              w.h.cfn.makeObsolete(w.converter, pending);
              w.rounds(3);
            },
            List.of(
                "CreateChangeSet UPDATE dp-2",
                "DeleteChangeSet dp-2",
                "CreateChangeSet UPDATE dp-2"),
            "False",
            "waits for approval",
            List.of(Reason.CHANGE_SET_REMADE)),
        new Scenario(
            "our change set FAILED: made again once, then Stalled",
            w -> {
              w.h.cfn.failChangeSets(w.converter, 5);
              w.update();
              w.rounds(6);
            },
            List.of(
                "CreateChangeSet UPDATE dp-2",
                "DeleteChangeSet dp-2",
                "CreateChangeSet UPDATE dp-2"),
            "ChangeSetFailed",
            "Fn::GetAtt references undefined resource",
            List.of(Reason.CHANGE_SET_REMADE, Reason.STACK_FAILED)),
        new Scenario(
            "a change set someone else made is never executed or deleted",
            w -> {
              w.h.cfn.putForeignChangeSet(w.converter, "hand-made-fix");
              w.update();
              w.rounds(4);
            },
            List.of("CreateChangeSet UPDATE dp-2", "ExecuteChangeSet dp-2"),
            "False",
            "stacks complete",
            List.of(Reason.STACK_UPDATED)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void deadEnd(Scenario s) {
    World w = new World();

    s.run().accept(w);

    assertThat(w.h.cfn.mutatingCalls())
        .filteredOn(c -> w.converter.equals(c.stackName()))
        .extracting(DeadEndScenariosTest::describe)
        .containsExactlyElementsOf(s.calls());
    assertThat(w.h.cfn.calls()).noneMatch(c -> c.detail().equals("hand-made-fix"));
    var stalled = Harness.condition(w.p, "Stalled");
    assertThat("True".equals(stalled.status) ? stalled.reason : stalled.status)
        .as("Stalled: " + stalled.message)
        .isEqualTo(s.stalled());
    String message =
        "True".equals(stalled.status) ? stalled.message : Harness.condition(w.p, "Ready").message;
    assertThat(message).contains(s.message());
    assertThat(w.h.notices).extracting(Notice::reason).containsAll(s.events());
  }

  private static String describe(FakeCloudFormation.Call c) {
    return (c.operation() + " " + c.detail().replaceAll("dp-(\\d+)-[0-9a-f]{16}", "dp-$1")).strip();
  }
}
