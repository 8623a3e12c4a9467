package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.PipelineWorld;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackPlan;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: a pipeline with a dashboard (so reconciled every settled interval) stuck in each
 * Stalled state. Once stalled, further passes publish no Warning again and read no stack events.
 */
class QuietWhenStuckTest {

  record Scenario(String name, Consumer<World> makeStuck, String stalledReason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final class World extends PipelineWorld {
    /** A dashboard update (generation 2, one more parameter) that CloudFormation rolls back. */
    void dashboardUpdateRollsBack() {
      h.renderer = TestPlans::planWithOptionalDashboard;
      h.reconcileUntilReady(p);
      h.cfn.failUpdate(stack(Component.DASHBOARD), "Service", false);
      p.getMetadata().setGeneration(2L);
      h.renderer =
          pipeline -> withDashboardParameter(TestPlans.planWithOptionalDashboard(pipeline));
    }
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario(
            "update rolled back",
            w -> {
              w.dashboardUpdateRollsBack();
              w.rounds(6);
            },
            "UpdateRolledBack"),
        new Scenario(
            "create keeps failing",
            w -> {
              w.h.renderer = TestPlans::planWithOptionalDashboard;
              w.h.cfn.failCreate(w.stack(Component.DASHBOARD), "Service", 100);
              w.rounds(20);
            },
            "CreateFailed"),
        new Scenario(
            "update rollback stuck on a database",
            w -> {
              w.dashboardUpdateRollsBack();
              w.h.cfn.failRollback(w.stack(Component.DASHBOARD), "Db", "AWS::RDS::DBInstance", 100);
              w.rounds(8);
            },
            "UpdateRollbackFailed"),
        new Scenario(
            "invalid spec",
            w -> {
              w.h.validator = pipeline -> Optional.of("spec.dashboard.maxTasks: must be >= 1");
              w.rounds(1);
            },
            "InvalidSpec"));
  }

  /** The dashboard stack with one more parameter: an update of that stack alone. */
  static StackPlan withDashboardParameter(StackPlan plan) {
    return plan.withStack(
        4,
        d -> {
          Map<String, ParameterValue> parameters = new TreeMap<>(d.parameters());
          parameters.put("Cpu", ParameterValue.literal("1024"));
          return d.withTemplateBody(
                  d.templateBody()
                      .replace(
                          "\"Parameters\":{", "\"Parameters\":{\"Cpu\":{\"Type\":\"String\"},"))
              .withParameters(parameters);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void stalledPipelineIsQuiet(Scenario s) {
    World w = new World();
    s.makeStuck().accept(w);
    assertThat(Harness.condition(w.p, "Stalled").reason).isEqualTo(s.stalledReason());
    w.h.reconcile(w.p); // the pass right after the stall may still say why
    w.h.forgetHistory();

    for (int i = 0; i < 10; i++) {
      w.h.now = w.h.now.plusSeconds(30);
      w.h.reconcile(w.p);
    }

    assertThat(Harness.condition(w.p, "Stalled").reason).isEqualTo(s.stalledReason());
    assertThat(w.h.notices).filteredOn(Notice::warning).isEmpty();
    assertThat(w.h.cfn.count("DescribeStackEvents")).isZero();
  }

  @Test
  void aNewReasonIsSaidAgain() {
    World w = new World();
    w.h.validator = pipeline -> Optional.of("spec.dashboard.maxTasks: must be >= 1");
    w.rounds(3);
    w.h.validator = pipeline -> Optional.of("spec.dashboard.minTasks: must be >= 0");
    w.rounds(3);

    assertThat(w.h.notices)
        .extracting(Notice::reason, Notice::message)
        .containsExactly(
            tuple(Reason.INVALID_SPEC, "spec.dashboard.maxTasks: must be >= 1"),
            tuple(Reason.INVALID_SPEC, "spec.dashboard.minTasks: must be >= 0"));
  }
}
