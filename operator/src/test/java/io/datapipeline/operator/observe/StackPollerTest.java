package io.datapipeline.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.testing.FakeCloudFormation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
