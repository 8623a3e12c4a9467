package io.datapipeline.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.testing.FakeCloudFormation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Event-driven observation with fakes: while the queue delivers, events refresh only the stacks
 * they name and the full sweep waits for its long interval; while the queue is unreachable, the
 * sweep runs at every (short) interval.
 */
class StackEventsObservationTest {

  private static final Duration SWEEP = Duration.ofMinutes(15);

  /** The stack-events queue in memory: what it holds, what was deleted, whether it answers. */
  static final class InMemoryStackEventQueue implements StackEventQueue {
    final List<Message> waiting = new ArrayList<>();
    final List<Message> deleted = new ArrayList<>();
    boolean reachable = true;
    int receives;

    @Override
    public List<Message> receive() {
      receives++;
      if (!reachable) {
        throw new IllegalStateException("AWS.SimpleQueueService.NonExistentQueue");
      }
      List<Message> out = List.copyOf(waiting);
      waiting.clear();
      return out;
    }

    @Override
    public void delete(List<Message> messages) {
      deleted.addAll(messages);
    }

    void publish(String stackName, String status) {
      waiting.add(
          new Message("handle-" + waiting.size() + "-" + stackName, event(stackName, status)));
    }
  }

  /** An EventBridge CloudFormation event as SQS delivers it (shape of AWS's documented example). */
  static String event(String stackName, String status) {
    String arn =
        "arn:aws:cloudformation:eu-west-1:123456789012:stack/"
            + stackName
            + "/5b1a3d60-8c1f-11ee-b9d1-0242ac120002";
    return """
        {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718",\
        "detail-type":"CloudFormation Stack Status Change","source":"aws.cloudformation",\
        "account":"123456789012","time":"2026-12-01T21:00:00Z","region":"eu-west-1",\
        "resources":["%s"],\
        "detail":{"stack-id":"%s","status-details":{"status":"%s","status-reason":""}}}"""
        .formatted(arn, arn, status);
  }

  private final FakeCloudFormation cfn = new FakeCloudFormation().autoComplete(true);
  private final StackPoller poller = new StackPoller(cfn);
  private final InMemoryStackEventQueue queue = new InMemoryStackEventQueue();
  private final StackEventListener listener =
      new StackEventListener(queue, Duration.ofSeconds(5), Duration.ofSeconds(30));
  private final List<String> changed = new ArrayList<>();
  private long nanos;

  @BeforeEach
  void wire() {
    poller.clock(() -> nanos);
    poller.sweepLongWhile(listener::healthy, SWEEP);
    listener.addTarget(poller::refresh);
    poller.addListener(stacks -> stacks.forEach(s -> changed.add(s.name())));
    for (String name : List.of("dp-a", "dp-b", "dp-c")) {
      cfn.createChangeSet(
          new ChangeSetRequest(name, "cs", true, "{}", null, Map.of(), Map.of(), Set.of(), null));
      cfn.approve(name, "cs");
    }
  }

  private long sweeps() {
    return cfn.calls().stream()
        .filter(c -> c.operation().equals("DescribeStacks") && c.stackName() == null)
        .count();
  }

  private List<String> targetedReads() {
    return cfn.calls().stream()
        .filter(c -> c.operation().equals("DescribeStacks") && c.stackName() != null)
        .map(FakeCloudFormation.Call::stackName)
        .toList();
  }

  private void advance(Duration d) {
    nanos += d.toNanos();
  }

  @Test
  void anEventRefreshesOnlyTheStackItNamesAndTheSweepWaitsForItsLongInterval() {
    poller.tick(); // the first sweep fills the cache
    assertThat(listener.runOnce()).isTrue();
    cfn.clearCalls();

    cfn.deleteOutOfBand("dp-b");
    queue.publish("dp-b", "DELETE_COMPLETE");
    assertThat(listener.runOnce()).isTrue();

    assertThat(targetedReads()).as("one DescribeStacks of the stack named").containsExactly("dp-b");
    assertThat(changed).containsExactly("dp-b");
    assertThat(poller.stack("dp-b")).isEmpty();
    assertThat(queue.deleted).extracting(StackEventQueue.Message::receiptHandle).hasSize(1);

    for (int minute = 1; minute < 15; minute++) {
      advance(Duration.ofMinutes(1));
      poller.tick();
    }
    assertThat(sweeps()).as("no sweep before the sweep interval").isZero();
    advance(Duration.ofMinutes(1));
    poller.tick();
    assertThat(sweeps()).as("the safety-net sweep").isEqualTo(1);
  }

  /** A listener wired as production wires it ({@link StackPoller#onEvents}). */
  private StackEventListener eventsListener() {
    StackEventListener events =
        new StackEventListener(queue, Duration.ofSeconds(5), Duration.ofSeconds(30));
    events.addEventTarget(poller::onEvents);
    return events;
  }

  /** The sweep that fills the cache starts at {@code sweepAt} (the events are from 21:00:00). */
  private void sweepAt(String sweepAt) {
    poller.wallClock(Clock.fixed(Instant.parse(sweepAt), ZoneOffset.UTC));
    poller.tick();
    cfn.clearCalls();
  }

  @Test
  void aBacklogOfEventsOlderThanTheLastReadIsDeletedWithoutAnyRead() {
    sweepAt("2026-12-01T21:10:00Z"); // ten minutes after the deploy's events
    StackEventListener events = eventsListener();
    queue.publish("dp-a", "CREATE_IN_PROGRESS");
    queue.publish("dp-a", "CREATE_COMPLETE");
    queue.publish("dp-b", "CREATE_COMPLETE");

    assertThat(events.runOnce()).isTrue();

    assertThat(targetedReads()).as("the sweep since holds what they say").isEmpty();
    assertThat(poller.eventsSeenAlready()).isEqualTo(3);
    assertThat(queue.deleted).hasSize(3);
  }

  @Test
  void anEventNewerThanTheLastReadIsRead() {
    sweepAt("2026-12-01T20:59:00Z");
    StackEventListener events = eventsListener();
    queue.publish("dp-a", "UPDATE_COMPLETE");

    assertThat(events.runOnce()).isTrue();

    assertThat(targetedReads()).containsExactly("dp-a");
    assertThat(poller.eventsSeenAlready()).isZero();
  }

  @Test
  void aReadWithinTheMarginAfterTheEventDoesNotCountAsHavingSeenIt() {
    // DescribeStacks may lag the change, and the clocks may differ: 3 s is too close to tell.
    sweepAt("2026-12-01T21:00:03Z");
    StackEventListener events = eventsListener();
    queue.publish("dp-a", "UPDATE_COMPLETE");

    assertThat(events.runOnce()).isTrue();

    assertThat(targetedReads()).containsExactly("dp-a");
  }

  @Test
  void aStackTheOperatorChangedSinceIsReadWhateverTheEventsTime() {
    sweepAt("2026-12-01T21:10:00Z");
    StackEventListener events = eventsListener();
    poller.changed("dp-a");
    queue.publish("dp-a", "UPDATE_COMPLETE");

    assertThat(events.runOnce()).isTrue();

    assertThat(targetedReads()).containsExactly("dp-a");
  }

  @Test
  void anEventWithoutATimeIsAlwaysRead() {
    sweepAt("2026-12-01T21:10:00Z");
    poller.onEvents(List.of(new ObservedEvent.StackChanged("dp-a")));

    assertThat(targetedReads()).containsExactly("dp-a");
  }

  @Test
  void aRefreshThatFailsKeepsTheEventsAndHandsObservationToTheSweep() {
    poller.tick();
    assertThat(listener.runOnce()).isTrue();
    listener.addTarget(
        names -> {
          throw new IllegalStateException("Throttling: Rate exceeded");
        });
    queue.publish("dp-a", "UPDATE_COMPLETE");

    assertThat(listener.runOnce()).as("the round failed, the listener did not").isFalse();
    assertThat(listener.healthy()).as("the sweep takes over at the short interval").isFalse();
    assertThat(queue.deleted).as("the event stays in the queue to arrive again").isEmpty();
  }

  @Test
  void whileTheQueueIsUnreachableTheSweepRunsAtEveryInterval() {
    queue.reachable = false;
    assertThat(listener.runOnce()).isFalse();
    assertThat(listener.healthy()).isFalse();

    for (int i = 0; i < 3; i++) {
      advance(Duration.ofSeconds(30));
      poller.tick();
    }
    assertThat(sweeps()).isEqualTo(3);

    queue.reachable = true;
    assertThat(listener.runOnce()).isTrue();
    cfn.clearCalls();
    advance(Duration.ofSeconds(30));
    poller.tick();
    assertThat(sweeps()).as("events arrive again: back to the long interval").isZero();
  }

  @Test
  void aStackInProgressIsNotSweptWhileEventsArriveItsOwnEventTellsItsEnd() {
    poller.tick();
    listener.runOnce();
    poller.changed("dp-a"); // the operator just acted on it
    cfn.clearCalls();
    for (int i = 0; i < 12; i++) {
      advance(Duration.ofSeconds(5));
      poller.tick();
    }
    assertThat(sweeps()).as("a minute of fast ticks with events arriving").isZero();

    queue.publish("dp-a", "UPDATE_COMPLETE");
    listener.runOnce();
    assertThat(targetedReads()).as("the event's one targeted read").containsExactly("dp-a");
  }

  @Test
  void aStackInProgressIsSweptAtTheFastIntervalWhileTheQueueIsUnreachable() {
    poller.tick();
    queue.reachable = false;
    listener.runOnce();
    poller.changed("dp-a");
    cfn.clearCalls();
    for (int i = 0; i < 3; i++) {
      advance(Duration.ofSeconds(5));
      poller.tick();
    }
    assertThat(sweeps()).isEqualTo(3);
  }

  @Test
  void eventsOfUnknownStacksAndOtherMessagesCostNoCallAndAreDeleted() {
    poller.tick();
    cfn.clearCalls();
    queue.publish("dp-someone-elses", "CREATE_COMPLETE");
    queue.waiting.add(new StackEventQueue.Message("junk", "not json"));
    queue.waiting.add(
        new StackEventQueue.Message("other", "{\"source\":\"aws.s3\",\"resources\":[]}"));

    assertThat(listener.runOnce()).isTrue();

    assertThat(cfn.calls()).isEmpty();
    assertThat(queue.deleted).hasSize(3);
    assertThat(changed).isEmpty();
  }

  @Test
  void manyEventsOfOneStackInOneBatchReadItOnce() {
    poller.tick();
    cfn.clearCalls();
    queue.publish("dp-c", "UPDATE_IN_PROGRESS");
    queue.publish("dp-c", "UPDATE_COMPLETE");

    listener.runOnce();

    assertThat(targetedReads()).containsExactly("dp-c");
    assertThat(poller.stack("dp-c")).map(StackView::status).contains("CREATE_COMPLETE");
  }

  @Test
  void anUnreachableQueueIsAskedAgainSoonThenAtTheLongInterval() {
    assertThat(List.of(1, 2, 3, 4, 5).stream().map(i -> listener.nextRetry()))
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    listener.runOnce(); // reachable again
    assertThat(listener.nextRetry()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void noCallWhileNoPipelineNeedsTheAccountAndRegion() {
    boolean[] wanted = {false};
    StackEventListener idle =
        new StackEventListener(
            queue, () -> wanted[0], Duration.ofSeconds(5), Duration.ofSeconds(30));
    assertThat(idle.runOnce()).isFalse();
    assertThat(queue.receives).isZero();
    assertThat(idle.healthy()).as("events missed meanwhile: sweep first").isFalse();
    wanted[0] = true;
    assertThat(idle.runOnce()).isTrue();
    assertThat(queue.receives).isEqualTo(1);
  }

  @Test
  void quietSettledSweepsDoubleTheIntervalUpToTheLongestAndAMissedChangeStartsAgain() {
    poller.sweepLongWhile(listener::healthy, SWEEP, Duration.ofHours(2));
    poller.tick();
    assertThat(listener.runOnce()).isTrue();
    cfn.clearCalls();

    // Quiet: sweeps after 15m, then 30m, 60m, 120m, 120m (the longest).
    List<Long> sweptAtMinute = new ArrayList<>();
    for (int minute = 1; minute <= 15 + 30 + 60 + 120 + 120; minute++) {
      advance(Duration.ofMinutes(1));
      long before = sweeps();
      poller.tick();
      if (sweeps() > before) {
        sweptAtMinute.add((long) minute);
      }
    }
    assertThat(sweptAtMinute).containsExactly(15L, 45L, 105L, 225L, 345L);
    assertThat(poller.currentSweepInterval()).isEqualTo(Duration.ofHours(2));

    // A stack changed and no event said so: the next sweep finds it, and sweeps come every 15m.
    cfn.deleteOutOfBand("dp-c");
    advance(Duration.ofHours(2));
    poller.tick();
    assertThat(changed).contains("dp-c");
    assertThat(poller.currentSweepInterval()).isEqualTo(SWEEP);
  }

  @Test
  void whileTheQueueIsUnreachableTheSweepIntervalDoesNotGrow() {
    poller.sweepLongWhile(listener::healthy, SWEEP, Duration.ofHours(4));
    poller.tick();
    assertThat(listener.runOnce()).isTrue();
    poller.tick(); // too soon: nothing
    advance(SWEEP);
    poller.tick();
    assertThat(poller.currentSweepInterval()).isEqualTo(SWEEP.multipliedBy(2));

    queue.reachable = false;
    assertThat(listener.runOnce()).isFalse();
    advance(Duration.ofSeconds(30));
    poller.tick();
    assertThat(poller.currentSweepInterval()).isEqualTo(SWEEP);
  }

  @Test
  void driftAndDashboardEventsAreKeptForTheReconcileAndCostNoRead() {
    cfn.clearCalls();
    poller.tick();
    assertThat(listener.runOnce()).isTrue();
    cfn.clearCalls();
    listener.addEventTarget(poller::onEvents);
    queue.waiting.add(
        new StackEventQueue.Message(
            "h1", driftEvent("dp-a", "drift-7", "DETECTION_COMPLETE", "DRIFTED")));
    queue.waiting.add(
        new StackEventQueue.Message(
            "h2", driftEvent("dp-b", "drift-8", "DETECTION_IN_PROGRESS", "")));

    assertThat(listener.runOnce()).isTrue();

    assertThat(cfn.calls()).as("the events carry the results").isEmpty();
    assertThat(poller.driftResult("drift-7"))
        .hasValueSatisfying(d -> assertThat(d.stackDriftStatus()).isEqualTo("DRIFTED"));
    assertThat(poller.driftResult("drift-7")).as("taken once").isEmpty();
    assertThat(poller.driftResult("drift-8")).as("not finished yet").isEmpty();
    assertThat(changed).as("the drifted stack's pipeline is reconciled").containsExactly("dp-a");
    assertThat(queue.deleted).hasSize(2);
    assertThat(poller.eventsArrive()).isTrue();
  }

  static String driftEvent(String stackName, String id, String detection, String drift) {
    String arn = "arn:aws:cloudformation:eu-west-1:123456789012:stack/" + stackName + "/5b1a3d60";
    return """
        {"version":"0","id":"1","detail-type":"CloudFormation Drift Detection Status Change",        "source":"aws.cloudformation","account":"123456789012","time":"2026-12-01T21:00:00Z",        "region":"eu-west-1","resources":["%s"],"detail":{"stack-id":"%s",        "stack-drift-detection-id":"%s","status-details":{"stack-drift-status":"%s",        "detection-status":"%s"},"drift-detection-details":{"drifted-stack-resource-count":1}}}"""
        .formatted(arn, arn, id, drift, detection);
  }

  @Test
  void readsWhatEachKindOfEventSays() {
    assertThat(StackEvents.parse(event("dp-x-db", "UPDATE_COMPLETE")))
        .contains(new ObservedEvent.StackChanged("dp-x-db", Instant.parse("2026-12-01T21:00:00Z")));
    assertThat(StackEvents.parse(driftEvent("dp-x-db", "d-1", "DETECTION_COMPLETE", "IN_SYNC")))
        .contains(
            new ObservedEvent.DriftDetected("dp-x-db", "d-1", "DETECTION_COMPLETE", "IN_SYNC"));
    // ECS service action (AWS's documented shape): the cluster from detail.clusterArn.
    assertThat(
            StackEvents.parse(
                """
                {"version":"0","id":"2","detail-type":"ECS Service Action","source":"aws.ecs",                "account":"123456789012","time":"2026-12-01T21:00:00Z","region":"eu-west-1",                "resources":["arn:aws:ecs:eu-west-1:123456789012:service/dp-a-b-dashboard/grafana"],                "detail":{"eventType":"INFO","eventName":"SERVICE_STEADY_STATE",                "clusterArn":"arn:aws:ecs:eu-west-1:123456789012:cluster/dp-a-b-dashboard",                "createdAt":"2026-12-01T21:00:00.000Z"}}"""))
        .contains(new ObservedEvent.DashboardChanged("dp-a-b-dashboard"));
    // ECS deployment state change: no clusterArn, the service ARN names the cluster.
    assertThat(
            StackEvents.parse(
                """
                {"detail-type":"ECS Deployment State Change","source":"aws.ecs",                "resources":["arn:aws:ecs:eu-west-1:123456789012:service/dp-c/grafana"],                "detail":{"eventType":"INFO","eventName":"SERVICE_DEPLOYMENT_COMPLETED"}}"""))
        .contains(new ObservedEvent.DashboardChanged("dp-c"));
    assertThat(
            StackEvents.parse(
                """
                {"detail-type":"ECS Task State Change","source":"aws.ecs",                "resources":["arn:aws:ecs:eu-west-1:123456789012:task/dp-d/0123abcd"],                "detail":{"lastStatus":"RUNNING"}}"""))
        .contains(new ObservedEvent.DashboardChanged("dp-d"));
    assertThat(
            StackEvents.parse(
                "{\"source\":\"aws.ecs\",\"resources\":[\"arn:aws:ecs:r:1:service/old\"]}"))
        .as("an old-format ARN names no cluster")
        .isEmpty();
    assertThat(StackEvents.parse("not json")).isEmpty();
  }

  @Test
  void readsTheStackNameFromTheEvent() {
    assertThat(StackEvents.stackName(event("dp-team-orders-storage", "CREATE_COMPLETE")))
        .contains("dp-team-orders-storage");
    assertThat(
            StackEvents.stackName(
                "{\"source\":\"aws.cloudformation\",\"detail-type\":\"CloudFormation Drift"
                    + " Detection Status Change\",\"resources\":[\"arn:aws:cloudformation:"
                    + "eu-west-1:123456789012:stack/dp-x-db/abc\"],\"detail\":{}}"))
        .contains("dp-x-db");
    assertThat(StackEvents.stackName("{}")).isEmpty();
  }
}
