package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.render.BootstrapStack;
import io.datapipeline.render.Component;
import io.datapipeline.standins.events.AwsEventsStandIn;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Event-driven observation end to end: the bootstrap stack's queue on moto, CloudFormation's events
 * published to it by {@link AwsEventsStandIn} (moto emits none), the operator reading them with its
 * production code. A stack changed behind the operator's back reaches the pipeline in seconds, with
 * the full sweep 10 minutes away.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class StackEventsIT {

  static KubernetesClient client;

  @RegisterExtension static final OperatorFixture operator = new OperatorFixture(() -> client);

  private final AwsCallRecorder recorder = new AwsCallRecorder();
  private OperatorApp app;
  private AwsEventsStandIn events;

  @AfterEach
  void stopEvents() {
    if (events != null) {
      events.close();
    }
  }

  /**
   * Observation by events: a settled poll 10 minutes away, so what reaches the pipeline sooner came
   * through the queue.
   */
  static OperatorConfig eventDrivenConfig(MotoAws aws, String namespace) {
    return OperatorFixture.config(aws, Set.of(namespace))
        .with(OperatorConfig.POLL_INTERVAL, Duration.ofMinutes(10))
        .with(OperatorConfig.FAST_POLL_INTERVAL, Duration.ofSeconds(1));
  }

  static AwsEventsStandIn startEvents(MotoAws aws) {
    return new AwsEventsStandIn(
            aws.endpoint(),
            aws.region().id(),
            BootstrapRenderer.STACK_EVENTS_QUEUE,
            Duration.ofMillis(200))
        .start();
  }

  /**
   * The operator creates the bootstrap stack only when a pipeline needs its artifacts bucket, and
   * {@link MotoPlans}' small plans need none: without this the queue never exists and both the
   * operator's GetQueueUrl and the stand-in's find nothing. Deployed as an operator of an account
   * with artifact-using pipelines left it; waits until moto has created the queue.
   */
  static void deployBootstrapStack(MotoAws aws) {
    BootstrapStack bootstrap = new BootstrapRenderer().render();
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    cfn.createStack(
        r ->
            r.stackName(bootstrap.stackName())
                .templateBody(bootstrap.templateBody())
                .capabilitiesWithStrings(bootstrap.capabilities()));
    SqsClient sqs = aws.client(SqsClient.builder());
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                sqs.getQueueUrl(r -> r.queueName(BootstrapRenderer.STACK_EVENTS_QUEUE)).queueUrl()
                    != null);
    cfn.close();
    sqs.close();
  }

  @Test
  void aStackDeletedOutOfBandIsNoticedThroughItsEventWithoutASweep(MotoAws aws) throws IOException {
    deployBootstrapStack(aws);
    events = startEvents(aws);
    OperatorConfig config =
        eventDrivenConfig(aws, "events-a")
            .with(OperatorConfig.SWEEP_INTERVAL, Duration.ofMinutes(15));
    app = operator.start(config, MotoPlans::plan, List.of(recorder));
    DataPipeline p = operator.newPipeline("events-a");
    operator.awaitReady(p);
    // Settled: nothing in progress, the queue read (the bootstrap stack created it).
    await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.calls("ReceiveMessage").isEmpty());
    operator.awaitSweepsSettled(app, Duration.ofSeconds(3)); // three fast poll intervals
    long sweeps = app.polls();
    recorder.clear();

    String storage = TestPlans.stackName(p, Component.STORAGE);
    aws.client(CloudFormationClient.builder()).deleteStack(r -> r.stackName(storage));

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(recorder.calls("CreateChangeSet"))
                    .as("the operator re-creates the stack deleted behind its back")
                    .extracting(AwsCallRecorder.Call::stackName)
                    .contains(storage));
    assertThat(recorder.calls("DescribeStacks"))
        .as("targeted reads of the stack the event named")
        .extracting(AwsCallRecorder.Call::stackName)
        .contains(storage);
    assertThat(app.polls()).as("no full DescribeStacks sweep was needed").isEqualTo(sweeps);
    assertThat(events.published()).isPositive();
    // The goal: a stack status change in AWS shows on the resource within 10 s.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(operator.condition(p, "Ready"))
                    .extracting(c -> c.status)
                    .as("Ready within 10 s of the re-create")
                    .isEqualTo("True"));
  }

  @Test
  void oneLongPollPerAccountAndRegionWhateverTheNumberOfPipelines(MotoAws aws) throws IOException {
    deployBootstrapStack(aws);
    OperatorConfig config = eventDrivenConfig(aws, "events-b");
    events = startEvents(aws);
    app = operator.start(config, MotoPlans::plan, List.of(recorder));
    List<DataPipeline> pipelines =
        List.of(
            operator.newPipeline("events-b"),
            operator.newPipeline("events-b"),
            operator.newPipeline("events-b"));
    pipelines.forEach(operator::awaitReady);
    await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.calls("ReceiveMessage").isEmpty());
    operator.awaitSweepsSettled(app, Duration.ofSeconds(3)); // three fast poll intervals
    events.close();
    events = null;
    recorder.clear();

    // Quiet: no event arrives, so each long poll waits its 20 s.
    await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);

    assertThat(recorder.calls("ReceiveMessage"))
        .as("one waiting ReceiveMessage for three pipelines, none spinning")
        .hasSizeLessThanOrEqualTo(1);
  }
}
