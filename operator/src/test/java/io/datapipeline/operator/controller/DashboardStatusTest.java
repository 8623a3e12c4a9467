package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DashboardStatus;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.observe.ObservedEvent;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardStatusTest {

  private final Harness h = new Harness();
  private final DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");

  private static StackPlan withDashboard(DataPipeline pipeline) {
    StackPlan plan = TestPlans.plan(pipeline);
    List<StackSpec> stacks = new ArrayList<>(plan.stacks());
    stacks.add(
        TestPlans.stack(
            pipeline,
            Component.DASHBOARD,
            Map.of(),
            List.of(Component.DATABASE),
            "\"EcsClusterName\":{\"Value\":\"grafana\"},\"EcsServiceName\":{\"Value\":\"grafana-svc\"},"
                + "\"DashboardUrl\":{\"Value\":\"http://lb.example\"}"));
    return new StackPlan(stacks, plan.artifacts());
  }

  @Test
  void reportsGrafanaTasksAndLastScalingActivityAtTheDashboardInterval() {
    h.renderer = DashboardStatusTest::withDashboard;
    DashboardStatus.ScalingActivity activity = new DashboardStatus.ScalingActivity();
    activity.time = "2026-02-01T09:58:00Z";
    activity.cause =
        "monitor alarm TargetTracking-service/grafana/grafana-svc-AlarmHigh in state ALARM";
    activity.status = "Successful";
    h.dashboard.runningTasks = 2;
    h.dashboard.desiredTasks = 3;
    h.dashboard.lastScalingActivity = activity;

    h.reconcileUntilReady(p);

    assertThat(p.getStatus().dashboard.runningTasks).isEqualTo(2);
    assertThat(p.getStatus().dashboard.desiredTasks).isEqualTo(3);
    assertThat(p.getStatus().dashboard.lastScalingActivity.status).isEqualTo("Successful");
    assertThat(p.getStatus().outputs.dashboardUrl).isEqualTo("http://lb.example");
    assertThat(h.dashboardReads).isEqualTo(1);

    var result = h.reconcileWithoutPoll(p); // 5 s later: the last reading stands
    assertThat(h.dashboardReads).isEqualTo(1);
    assertThat(result.requeueAfter())
        .as("issue 17: two reads per pipeline per DASHBOARD_INTERVAL (10m), not per 30 s poll")
        .hasValueSatisfying(
            d -> assertThat(d).isBetween(Duration.ofMinutes(10), Duration.ofSeconds(760)));

    h.now = h.now.plus(Duration.ofMinutes(5));
    h.reconcileWithoutPoll(p);
    assertThat(h.dashboardReads).as("within the interval").isEqualTo(1);

    h.now = h.now.plus(Duration.ofMinutes(5));
    h.dashboard.runningTasks = 3;
    h.reconcileWithoutPoll(p);
    assertThat(h.dashboardReads).isEqualTo(2);
    assertThat(p.getStatus().dashboard.runningTasks).isEqualTo(3);
  }

  @Test
  void aChangeOfTheDashboardStackIsReadAtOnce() {
    h.renderer = DashboardStatusTest::withDashboard;
    h.reconcileUntilReady(p);
    int reads = h.dashboardReads;

    // A new generation changes the dashboard stack (e.g. minTasks): its deploy completes.
    h.renderer =
        pipeline -> {
          StackPlan plan = withDashboard(pipeline);
          return plan.withStack(
              plan.stacks().size() - 1,
              dashboard ->
                  dashboard.withTemplateBody(
                      dashboard.templateBody().replace("grafana-svc", "grafana-svc2")));
        };
    p.getMetadata().setGeneration(p.getMetadata().getGeneration() + 1);
    h.dashboard.desiredTasks = 4;
    h.reconcileUntilReady(p);

    assertThat(h.dashboardReads).as("read again within the interval").isGreaterThan(reads);
    assertThat(p.getStatus().dashboard.desiredTasks).isEqualTo(4);
  }

  /** An operator with the default DASHBOARD_INTERVAL whose account's events queue is read. */
  private void eventsArriveAtTheDefaultInterval() {
    h.dashboardInterval = Duration.ofHours(6);
    h.driftInterval = Duration.ZERO; // only the dashboard decides the requeue here
    h.newOperatorProcess();
    h.poller.sweepLongWhile(() -> true, Duration.ofMinutes(15));
    h.renderer = DashboardStatusTest::withDashboard;
  }

  @Test
  void whileEventsArriveTheDashboardIsReadOnItsClustersEventsAndOtherwiseRarely() {
    eventsArriveAtTheDefaultInterval();
    h.dashboard.desiredTasks = 1;
    h.reconcileUntilReady(p);
    assertThat(h.dashboardReads).isEqualTo(1);

    // Settled: an hour of reconciles (every poll) reads nothing.
    for (int i = 0; i < 12; i++) {
      h.now = h.now.plus(Duration.ofMinutes(5));
      h.reconcileWithoutPoll(p);
    }
    assertThat(h.dashboardReads).as("no reads between events").isEqualTo(1);
    assertThat(h.reconcileWithoutPoll(p).requeueAfter())
        .as("the safety net: DASHBOARD_INTERVAL")
        .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofHours(6), Duration.ofHours(8)));

    // Auto scaling added a task: ECS says so for the cluster, and the pipeline is told.
    List<String> told = new ArrayList<>();
    h.poller.addListener(stacks -> stacks.forEach(st -> told.add(st.name())));
    h.dashboard.desiredTasks = 2;
    h.cfn.clearCalls();
    h.poller.onEvents(List.of(new ObservedEvent.DashboardChanged("grafana")));
    assertThat(h.cfn.calls()).isEmpty();
    assertThat(told).containsExactly(TestPlans.stackName(p, Component.DASHBOARD));
    h.reconcileWithoutPoll(p);

    assertThat(h.dashboardReads).isEqualTo(2);
    assertThat(p.getStatus().dashboard.desiredTasks).isEqualTo(2);
    h.reconcileWithoutPoll(p);
    assertThat(h.dashboardReads).as("one read per event").isEqualTo(2);

    // Another cluster's event reads nothing here.
    h.poller.onEvents(List.of(new ObservedEvent.DashboardChanged("someone-elses")));
    h.reconcileWithoutPoll(p);
    assertThat(h.dashboardReads).isEqualTo(2);
  }

  @Test
  void withoutEventsTheDashboardIsReadEveryTenMinutesWhateverTheLongInterval() {
    h.dashboardInterval = Duration.ofHours(6);
    h.newOperatorProcess();
    h.renderer = DashboardStatusTest::withDashboard;
    h.reconcileUntilReady(p);
    int reads = h.dashboardReads;

    var result = h.reconcileWithoutPoll(p);
    assertThat(result.requeueAfter())
        .hasValueSatisfying(
            d -> assertThat(d).isBetween(Duration.ofMinutes(10), Duration.ofSeconds(760)));
    h.now = h.now.plus(DashboardObserver.WITHOUT_EVENTS);
    h.reconcileWithoutPoll(p);
    assertThat(h.dashboardReads).isEqualTo(reads + 1);
  }

  @Test
  void suspendedPipelineDoesNotReadTheDashboard() {
    h.renderer = DashboardStatusTest::withDashboard;
    h.reconcileUntilReady(p);
    int reads = h.dashboardReads;
    p.getSpec().suspend = true;

    h.now = h.now.plusSeconds(300);
    h.reconcileWithoutPoll(p);

    assertThat(h.dashboardReads).isEqualTo(reads);
  }
}
