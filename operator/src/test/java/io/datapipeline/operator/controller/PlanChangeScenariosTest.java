package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.testing.FakeCloudFormation;
import io.datapipeline.operator.testing.PipelineWorld;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: a component leaving the plan, and deletions finding stacks the status no longer
 * lists. Each row: what happens -> the mutating CloudFormation calls made -> status.stacks -> the
 * Events published -> conditions.
 */
class PlanChangeScenariosTest {

  /** A deployed pipeline with a dashboard, over the in-memory CloudFormation. */
  static final class World extends PipelineWorld {
    World() {
      h.renderer = TestPlans::planWithOptionalDashboard;
      h.reconcileUntilReady(p);
      h.forgetHistory();
    }

    void disableDashboard() {
      p.getSpec().dashboard.enabled = false;
      p.getMetadata().setGeneration(p.getMetadata().getGeneration() + 1);
    }

    /** The dashboard disabled, and the status lost (a restore from a backup, say). */
    void disableDashboardAndLoseTheStatus() {
      disableDashboard();
      p.setStatus(null);
    }
  }

  /**
   * @param calls mutating calls as "Operation component [detail]", in order
   * @param stacks status.stacks as "component=STATUS", in order
   * @param events reasons that must have been published
   * @param conditions condition type -> "Status/Reason"; "absent" for none
   */
  record Scenario(
      String name,
      Consumer<World> run,
      List<String> calls,
      List<String> stacks,
      List<String> events,
      Map<String, String> conditions) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** status.stacks once the dashboard's stack is gone: the other four, complete. */
  static final List<String> WITHOUT_DASHBOARD =
      List.of(
          "database=CREATE_COMPLETE",
          "table=CREATE_COMPLETE",
          "converter=CREATE_COMPLETE",
          "storage=CREATE_COMPLETE");

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario(
            "dashboard disabled: its stack is deleted and the pipeline is Ready again",
            w -> {
              w.disableDashboard();
              w.h.reconcileUntilReady(w.p);
            },
            List.of("DeleteStack dashboard"),
            WITHOUT_DASHBOARD,
            List.of("StackDeleting", "ComponentRemoved"),
            Map.of("Ready", "True/AllStacksComplete", "DashboardReady", "absent")),
        new Scenario(
            "dashboard disabled, delete still running: listed as deleting, not Ready",
            w -> {
              w.disableDashboard();
              w.h.reconcile(w.p); // DeleteStack
              w.h.reconcile(w.p); // CloudFormation is still deleting
            },
            List.of("DeleteStack dashboard"),
            List.of(
                "database=CREATE_COMPLETE",
                "table=CREATE_COMPLETE",
                "converter=CREATE_COMPLETE",
                "storage=CREATE_COMPLETE",
                "dashboard=DELETE_IN_PROGRESS"),
            List.of("StackDeleting"),
            Map.of(
                "Ready", "False/RemovingComponent",
                "Reconciling", "True/RemovingComponent",
                "DashboardReady", "False/RemovingComponent")),
        new Scenario(
            "dashboard disabled, its delete fails while ENIs detach: retried, nothing retained",
            w -> {
              w.h.cfn.failDelete(
                  w.stack(Component.DASHBOARD),
                  "TaskSecurityGroup",
                  "AWS::EC2::SecurityGroup",
                  "resource sg-0123 has a dependent object (Service: Ec2, Status Code: 400,"
                      + " Error Code: DependencyViolation)",
                  1);
              w.disableDashboard();
              for (int i = 0;
                  i < 10 && w.h.cfn.stackNames().contains(w.stack(Component.DASHBOARD));
                  i++) {
                w.h.reconcile(w.p);
                w.h.cfn.settle();
                w.h.now = w.h.now.plusSeconds(60);
              }
              w.h.reconcileUntilReady(w.p);
            },
            List.of("DeleteStack dashboard", "DeleteStack dashboard"),
            WITHOUT_DASHBOARD,
            List.of("StackDeleting", "RetryingDelete", "ComponentRemoved"),
            Map.of("Ready", "True/AllStacksComplete")),
        new Scenario(
            "dashboard disabled and the status lost: the stack is still found by its name",
            w -> {
              w.disableDashboardAndLoseTheStatus();
              w.h.reconcileUntilReady(w.p);
            },
            // Without a status every stack is checked by a change set ("no changes" = deployed).
            List.of(
                "CreateChangeSet database UPDATE dp-2",
                "CreateChangeSet table UPDATE dp-2",
                "DeleteStack dashboard",
                "DeleteChangeSet database dp-2",
                "DeleteChangeSet table dp-2",
                "CreateChangeSet converter UPDATE dp-2",
                "DeleteChangeSet converter dp-2",
                "CreateChangeSet storage UPDATE dp-2",
                "DeleteChangeSet storage dp-2"),
            WITHOUT_DASHBOARD,
            List.of("StackDeleting", "ComponentRemoved"),
            Map.of("Ready", "True/AllStacksComplete")),
        new Scenario(
            "a stack of the dashboard's name owned by someone else is neither deleted nor listed",
            w -> {
              w.h.cfn.deleteOutOfBand(w.stack(Component.DASHBOARD));
              w.h.cfn.putForeignStack(
                  w.stack(Component.DASHBOARD), Map.of("datapipeline.io/uid", "someone-else"));
              w.disableDashboard();
              w.rounds(3);
            },
            List.of(),
            WITHOUT_DASHBOARD,
            List.of(),
            Map.of("Ready", "True/AllStacksComplete")),
        new Scenario(
            "pipeline deleted after the toggle with its status lost: the dashboard goes too",
            w -> {
              w.disableDashboardAndLoseTheStatus();
              w.h.deleteUntilDone(w.p);
            },
            List.of(
                "DeleteStack dashboard",
                "DeleteStack storage",
                "DeleteStack converter",
                "DeleteStack table",
                "DeleteStack database"),
            null,
            List.of("StacksDeleted"),
            Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(Scenario s) {
    World w = new World();

    s.run().accept(w);

    assertThat(w.h.cfn.mutatingCalls())
        .as("calls")
        .extracting(c -> describe(w, c))
        .containsExactlyElementsOf(s.calls());
    if (s.stacks() != null) {
      assertThat(w.p.getStatus().stacks)
          .as("status.stacks")
          .extracting(st -> st.component + "=" + st.status)
          .containsExactlyElementsOf(s.stacks());
    } else {
      assertThat(w.h.cfn.stackNames()).as("nothing of the pipeline left").isEmpty();
    }
    assertThat(w.h.noticeReasons()).as("events").containsAll(s.events());
    s.conditions()
        .forEach(
            (type, expected) -> {
              Condition c =
                  w.p.getStatus().conditions.stream()
                      .filter(x -> type.equals(x.type))
                      .findFirst()
                      .orElse(null);
              String actual = c == null ? "absent" : c.status + "/" + c.reason;
              assertThat(actual).as(type).isEqualTo(expected);
            });
    if (s.stacks() != null && !s.stacks().toString().contains("dashboard")) {
      assertThat(w.p.getStatus().outputs.dashboardUrl).as("dashboard URL gone").isNull();
      assertThat(w.p.getStatus().stacks)
          .extracting((StackStatus st) -> st.component)
          .doesNotContain("dashboard");
    }
  }

  private static String describe(World w, FakeCloudFormation.Call c) {
    String component = c.stackName() == null ? "-" : c.stackName();
    for (Component each : Component.values()) {
      if (w.stack(each).equals(c.stackName())) {
        component = each.id();
      }
    }
    // Change set names carry a content hash: the generation is what the table is about.
    String detail = c.detail().replaceAll("dp-(\\d+)-[0-9a-f]{16}", "dp-$1");
    return (c.operation() + " " + component + " " + detail).strip();
  }
}
