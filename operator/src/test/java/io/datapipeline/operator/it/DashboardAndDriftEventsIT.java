package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.it.MissingOperationsStandIn.Answer;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.standins.events.AwsEventsStandIn;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Issue 17's settled cost, end to end on moto: a dashboard's status follows its ECS service through
 * the service's event, with no dashboard read between events; drift results arrive through
 * CloudFormation's drift-detection event, with no DescribeStackDriftDetectionStatus. moto emits no
 * events ({@link AwsEventsStandIn} publishes them to the bootstrap stack's queue) and implements
 * neither drift detection ({@link DriftDetectionStandIn}) nor DescribeScalingActivities ({@link
 * MissingOperationsStandIn}); the operator's side is the production code.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class DashboardAndDriftEventsIT {

  /** The mock API server's client, set by the extension. */
  static KubernetesClient client;

  @RegisterExtension static final OperatorFixture operator = new OperatorFixture(() -> client);

  private AwsEventsStandIn events;
  private AutoCloseable standIn;

  @AfterEach
  void stopStandIns() throws Exception {
    operator.closeOperators();
    if (events != null) {
      events.close();
    }
    if (standIn != null) {
      standIn.close();
    }
  }

  private final AwsCallRecorder recorder = new AwsCallRecorder();

  /** The pipeline's status.dashboard desired tasks now, or null. */
  private Integer desiredTasks(DataPipeline p) {
    DataPipeline now = operator.current(p);
    return now == null || now.getStatus() == null || now.getStatus().dashboard == null
        ? null
        : now.getStatus().dashboard.desiredTasks;
  }

  /** What the operator called, by operation (a failure's context). */
  private Map<String, Long> callsByOperation() {
    return recorder.calls().stream()
        .collect(
            Collectors.groupingBy(
                AwsCallRecorder.Call::operation, TreeMap::new, Collectors.counting()));
  }

  private List<AwsCallRecorder.Call> dashboardReads() {
    List<AwsCallRecorder.Call> reads = new ArrayList<>(recorder.calls("DescribeServices"));
    reads.addAll(recorder.calls("DescribeScalingActivities"));
    return reads;
  }

  @Test
  void theDashboardFollowsItsEcsEventAndIsNotReadBetweenEvents(MotoAws aws) {
    StackEventsIT.deployBootstrapStack(aws);
    events = StackEventsIT.startEvents(aws);
    MissingOperationsStandIn scaling =
        new MissingOperationsStandIn()
            .answering(
                "DescribeScalingActivities", request -> Answer.json("{\"ScalingActivities\":[]}"));
    standIn = scaling;
    OperatorConfig config =
        StackEventsIT.eventDrivenConfig(aws, "dash-events")
            .with(OperatorConfig.DRIFT_CHECK_INTERVAL, Duration.ZERO);
    operator.start(config, MotoPlans::planWithEcsDashboard, List.of(recorder, scaling));
    DataPipeline p = operator.newPipeline("dash-events");
    operator.awaitReady(p);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(desiredTasks(p)).isEqualTo(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.calls("ReceiveMessage").isEmpty());
    // ECS's events from now on: the service as deployed is known, and was read once.
    events.watchEcsFromNow();
    recorder.clear();

    await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15)).until(() -> true);
    assertThat(dashboardReads()).as("a settled operator reads no dashboard").isEmpty();

    // Application Auto Scaling would move the desired count; ECS then sends the service's event.
    try (EcsClient ecs = aws.client(EcsClient.builder())) {
      ecs.updateService(
          r -> r.cluster(MotoPlans.dashboardCluster(p)).service("grafana").desiredCount(3));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(desiredTasks(p))
                    .as("status.dashboard within 10 s of the ECS change")
                    .isEqualTo(3));
    assertThat(recorder.calls("DescribeServices"))
        .as("the event's read (one per event; two if the stand-in saw two changes)")
        .hasSizeBetween(1, 2);
  }

  @Test
  void driftResultsArriveThroughTheirEvent(MotoAws aws) {
    StackEventsIT.deployBootstrapStack(aws);
    events = StackEventsIT.startEvents(aws);
    DriftDetectionStandIn drift =
        new DriftDetectionStandIn(events, stack -> stack.endsWith("-database"));
    standIn = drift;
    // The pipeline's first detections fall at its own offset within the interval.
    OperatorConfig config =
        StackEventsIT.eventDrivenConfig(aws, "drift-events")
            .with(OperatorConfig.DRIFT_CHECK_INTERVAL, Duration.ofSeconds(20));
    operator.start(config, MotoPlans::plan, List.of(recorder, drift));
    DataPipeline p = operator.newPipeline("drift-events");
    operator.awaitReady(p);

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              List<StackStatus> stacks = operator.current(p).getStatus().stacks;
              assertThat(stacks)
                  .extracting(s -> s.drift == null ? null : s.drift.status)
                  .as(
                      "every stack checked; drift %s; AWS calls so far: %s",
                      stacks.stream()
                          .map(
                              s ->
                                  s.drift == null
                                      ? "none"
                                      : s.drift.status
                                          + "/"
                                          + s.drift.detectionId
                                          + "/"
                                          + s.drift.checkedAt
                                          + "/"
                                          + s.drift.nextCheckAt)
                          .toList(),
                      callsByOperation())
                  .doesNotContain(null, "NOT_CHECKED");
            });
    String database = TestPlans.stackName(p, Component.DATABASE);
    StackStatus db =
        operator.current(p).getStatus().stacks.stream()
            .filter(s -> database.equals(s.stackName))
            .findFirst()
            .orElseThrow();
    assertThat(db.drift.status).isEqualTo("DRIFTED");
    assertThat(db.drift.resources).extracting(r -> r.logicalId).containsExactly("Endpoint");
    assertThat(operator.condition(p, "Drifted").status).isEqualTo("True");
    assertThat(drift.detected()).contains(database);
    assertThat(recorder.calls("DescribeStackDriftDetectionStatus"))
        .as("the events carried every result")
        .isEmpty();
    assertThat(Set.copyOf(recorder.calls("DescribeStackResourceDrifts")))
        .extracting(AwsCallRecorder.Call::stackName)
        .as("only the drifted stack's resources are asked")
        .containsOnly(database);
  }
}
