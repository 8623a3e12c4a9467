package io.datapipeline.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.testing.FakeCloudFormation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StackPollerTest {

  private final FakeCloudFormation cfn = new FakeCloudFormation().autoComplete(true);
  private final StackPoller poller = new StackPoller(cfn);

  private void create(String name) {
    cfn.createChangeSet(
        new ChangeSetRequest(name, "cs", true, "{}", null, Map.of(), Map.of(), Set.of(), null));
    cfn.approve(name, "cs");
  }

  @Test
  void oneDescribeStacksServesEveryReader() {
    for (int i = 0; i < 50; i++) {
      create("stack-" + i);
    }
    cfn.clearCalls();

    for (int i = 0; i < 50; i++) {
      assertThat(poller.stack("stack-" + i)).isPresent();
    }
    assertThat(poller.stack("absent")).isEmpty();

    assertThat(cfn.calls()).hasSize(1);
    assertThat(cfn.count("DescribeStacks")).isEqualTo(1);
  }

  @Test
  void stackTheOperatorChangedIsReadFreshOnce() {
    poller.poll();
    create("new-stack");
    assertThat(poller.stack("new-stack")).isEmpty();

    poller.changed("new-stack");
    cfn.clearCalls();
    assertThat(poller.stack("new-stack")).map(StackView::status).contains("CREATE_COMPLETE");
    assertThat(poller.stack("new-stack")).isPresent();
    assertThat(cfn.calls()).hasSize(1);
  }

  /** The poller on a clock the test moves (nanos[0]), a 1 s gap, one stack, no calls yet. */
  private long[] clockedWithOneStack() {
    long[] nanos = {0};
    poller.clock(() -> nanos[0]);
    poller.minimumGap(Duration.ofSeconds(1));
    create("dp-a");
    cfn.clearCalls();
    return nanos;
  }

  @Test
  void aReaderWhoSweptJustBeforeTheFirstTickIsNotFollowedByASecondSweep() {
    // At a start the first reconciles and the first scheduled tick race for the first sweep;
    // whoever loses must not sweep again (the restart criterion: one sweep per account/region).
    long[] nanos = clockedWithOneStack();

    assertThat(poller.stack("dp-a")).isPresent(); // the reader sweeps
    nanos[0] += Duration.ofMillis(20).toNanos();
    poller.tick(); // events not yet healthy: would sweep at once without the gap
    assertThat(cfn.count("DescribeStacks")).as("one sweep, the reader's").isEqualTo(1);

    nanos[0] += Duration.ofSeconds(1).toNanos();
    poller.tick();
    assertThat(cfn.count("DescribeStacks"))
        .as("the next due tick still sweeps (events not healthy)")
        .isEqualTo(2);
  }

  @Test
  void aTickPlannedBeforeAReadersSweepDoesNotSweepAgainEvenLate() {
    // On a busy machine the first tick (planned at the start) can come seconds after the first
    // reconcile swept: still one sweep (ObservationPerAccountIT counted two under load).
    long[] nanos = clockedWithOneStack();
    poller.tickPlanned();

    nanos[0] += Duration.ofMillis(500).toNanos();
    assertThat(poller.stack("dp-a")).isPresent(); // the reader sweeps
    nanos[0] += Duration.ofSeconds(3).toNanos();
    poller.tick();
    assertThat(cfn.count("DescribeStacks")).as("one sweep, the reader's").isEqualTo(1);

    poller.tickPlanned(); // the tick after it, a settled interval later
    nanos[0] += Duration.ofSeconds(30).toNanos();
    poller.tick();
    assertThat(cfn.count("DescribeStacks")).as("events not healthy: it sweeps").isEqualTo(2);
  }

  @Test
  void aSweepKeepsOnlyTheOperatorsStacksButCountsThemAll() {
    create("dp-ns-orders-table");
    create("someone-elses-stack");
    create("another-one");
    poller.keepOnly(name -> name.startsWith("dp-"));
    assertThat(poller.sweptStacks()).as("no sweep yet").isEqualTo(-1);

    poller.poll();

    assertThat(poller.known()).extracting(StackView::name).containsExactly("dp-ns-orders-table");
    assertThat(poller.sweptStacks()).as("the quota counts every stack").isEqualTo(3);
    assertThat(poller.countByStatus()).containsEntry("CREATE_COMPLETE", 1L);
  }

  @Test
  void aSessionsTargetedReadsGoThroughItsOwnIdentityTheSweepsThroughTheShared() {
    FakeCloudFormation own = new FakeCloudFormation().autoComplete(true);
    create("dp-a-storage");
    own.createChangeSet(
        new ChangeSetRequest(
            "dp-a-storage", "cs", true, "{}", null, Map.of(), Map.of(), Set.of(), null));
    own.approve("dp-a-storage", "cs");
    var session = poller.readingWith(own);
    poller.poll();
    cfn.clearCalls();

    session.changed("dp-a-storage");
    assertThat(session.stack("dp-a-storage")).isPresent();

    assertThat(own.count("DescribeStacks")).as("the session's own read").isEqualTo(1);
    assertThat(cfn.calls()).isEmpty();
  }

  @Test
  void forgottenStacksAreSweptAgainByTheNextReader() {
    create("dp-x");
    poller.poll();
    cfn.deleteOutOfBand("dp-x");
    List<Integer> sweeps = new ArrayList<>();
    poller.afterSweep(() -> sweeps.add(1));

    poller.forget();

    assertThat(poller.stack("dp-x")).as("not the old cache's answer").isEmpty();
    assertThat(sweeps).hasSize(1);
  }

  /**
   * The fake, with describeStack of one stack held after reading until released: a read in flight
   * while others happen, as an event's refresh and a reconcile's read overlap in the operator.
   */
  private static final class HeldReads {
    final FakeCloudFormation fake;
    final String heldCall;
    final CountDownLatch read = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile Thread holding;

    HeldReads(FakeCloudFormation fake) {
      this(fake, "describeStack");
    }

    HeldReads(FakeCloudFormation fake, String heldCall) {
      this.fake = fake;
      this.heldCall = heldCall;
    }

    CloudFormationApi api() {
      return (CloudFormationApi)
          Proxy.newProxyInstance(
              CloudFormationApi.class.getClassLoader(),
              new Class<?>[] {CloudFormationApi.class},
              (proxy, method, args) -> {
                Object answer;
                try {
                  answer = method.invoke(fake, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
                if (method.getName().equals(heldCall) && Thread.currentThread() == holding) {
                  read.countDown();
                  release.await();
                }
                return answer;
              });
    }

    /** Runs {@code body} on a thread whose describeStack is held; returns once it has read. */
    Thread holdDuring(Runnable body) throws InterruptedException {
      Thread t = new Thread(body);
      holding = t;
      t.start();
      assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
      return t;
    }
  }

  /** A poller over {@code held} that has swept once, finding {@code stack} (created now). */
  private StackPoller sweptOnce(HeldReads held, String stack) {
    StackPoller ordered = new StackPoller(held.api());
    create(stack);
    ordered.poll();
    return ordered;
  }

  @Test
  void anOlderReadFinishingLastDoesNotOverwriteANewerOne() throws Exception {
    HeldReads held = new HeldReads(cfn);
    StackPoller ordered = sweptOnce(held, "dp-s");
    List<String> told = new ArrayList<>();
    ordered.addListener(stacks -> stacks.forEach(st -> told.add(st.name())));

    // An event's refresh reads "present", and is slow to record it ...
    Thread slow = held.holdDuring(() -> ordered.refresh(Set.of("dp-s")));
    // ... while the stack is deleted and a later event's refresh records "absent".
    cfn.deleteOutOfBand("dp-s");
    ordered.refresh(Set.of("dp-s"));
    held.release.countDown();
    slow.join(10_000);

    assertThat(ordered.stack("dp-s")).as("the newer answer stays").isEmpty();
    assertThat(told).containsExactly("dp-s");
  }

  /**
   * A sweep's pages take a while (50 for 5,000 stacks): a reconcile's targeted read meanwhile is
   * answered and recorded without waiting for them, and its answer, newer than the sweep's, stays.
   */
  @Test
  void aTargetedReadDuringASweepNeitherWaitsForItNorIsOverwrittenByIt() throws Exception {
    HeldReads held = new HeldReads(cfn, "describeStacks");
    StackPoller ordered = sweptOnce(held, "dp-s");

    // A sweep has read every stack (dp-s present) and is slow to record it ...
    Thread sweeping = held.holdDuring(ordered::poll);
    // ... while the operator deletes dp-s, says so, and a reconcile reads it.
    cfn.deleteOutOfBand("dp-s");
    ordered.changed("dp-s");
    CompletableFuture<Optional<StackView>> read =
        CompletableFuture.supplyAsync(() -> ordered.stack("dp-s"));

    assertThat(read.get(10, TimeUnit.SECONDS)).as("answered while the sweep is held").isEmpty();
    held.release.countDown();
    sweeping.join(10_000);
    assertThat(ordered.stack("dp-s"))
        .as("the targeted read started after the sweep: its answer stays")
        .isEmpty();
    assertThat(ordered.polls()).isEqualTo(2);
  }

  @Test
  void aChangeMadeWhileAReadIsInFlightKeepsTheStackMarked() throws Exception {
    HeldReads held = new HeldReads(cfn);
    StackPoller ordered = sweptOnce(held, "dp-s");

    // A refresh reads the stack as it was ...
    Thread slow = held.holdDuring(() -> ordered.refresh(Set.of("dp-s")));
    // ... the operator deletes it meanwhile and says so ...
    cfn.deleteOutOfBand("dp-s");
    ordered.changed("dp-s");
    // ... and the refresh records what it read before the change.
    held.release.countDown();
    slow.join(10_000);

    assertThat(ordered.stack("dp-s"))
        .as("the change is still unread: read again, not the answer from before it")
        .isEmpty();
  }

  @Test
  void aRefreshBeforeAnySweepLeavesTheFirstReaderToSweep() {
    create("dp-a");
    create("dp-b");
    poller.changed("dp-a");

    poller.refresh(Set.of("dp-a"));

    assertThat(poller.stack("dp-b"))
        .as("a cache of the refreshed stack alone would make dp-b look absent")
        .isPresent();
  }

  @Test
  void tellsListenersWhichStacksChanged() {
    create("a");
    create("b");
    poller.poll();
    List<String> changed = new ArrayList<>();
    poller.addListener(stacks -> stacks.forEach(s -> changed.add(s.name())));

    poller.poll();
    assertThat(changed).isEmpty();

    cfn.deleteOutOfBand("a");
    create("c");
    poller.poll();
    assertThat(changed).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void throttledBackoffGrowsAndStaysCapped() {
    var base = Duration.ofSeconds(5);
    var d = Duration.ZERO;
    for (int i = 0; i < 20; i++) {
      var next = StackPoller.nextBackoff(d, base);
      assertThat(next).isGreaterThanOrEqualTo(base.dividedBy(2));
      assertThat(next).isLessThanOrEqualTo(Duration.ofMinutes(6));
      d = next;
    }
    assertThat(d).isGreaterThan(Duration.ofMinutes(1));
  }
}
