package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The annotation datapipeline.io/deletion-policy: Orphan releases a pipeline that cannot delete.
 */
class DeletionEscapeTest {

  private final Harness h = new Harness();
  private final DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");

  /** Every DeleteStack is refused for good (e.g. the role CloudFormation uses is gone). */
  private void deletesAreRefused() {
    for (Component c : Component.values()) {
      h.cfn.failDelete(
          TestPlans.stackName(p, c),
          "R",
          "AWS::SSM::Parameter",
          "User: arn:aws:sts::123456789012:assumed-role/gone is not authorized to perform"
              + " ssm:DeleteParameter",
          1_000);
    }
  }

  @Test
  void withoutTheAnnotationAnUnreachableAwsKeepsTheFinalizer() {
    h.reconcileUntilReady(p);
    h.cfn.throttleNext(1_000);

    for (int i = 0; i < 10; i++) {
      var cleanup = h.controller.cleanup(p);
      h.notices.addAll(cleanup.notices());
      assertThat(cleanup.done()).isFalse();
      h.now = h.now.plusSeconds(120);
    }
    assertThat(h.noticeReasons()).doesNotContain("StacksDeleted");
    assertThat(h.cfn.stackNames()).hasSize(4);
  }

  @Test
  void orphanReleasesThePipelineWithoutAnAwsCallNamingEachStackLeft() {
    h.reconcileUntilReady(p);
    deletesAreRefused();
    h.poller.poll();
    h.controller.cleanup(p); // the first, doomed, attempt
    h.cfn.clearCalls();
    h.cfn.throttleNext(1_000); // and AWS is unreachable by now
    p.getMetadata().setAnnotations(Map.of("datapipeline.io/deletion-policy", "Orphan"));

    var cleanup = h.controller.cleanup(p);

    assertThat(cleanup.done()).isTrue();
    assertThat(h.cfn.calls()).isEmpty();
    assertThat(cleanup.notices()).allMatch(Notice::warning);
    assertThat(cleanup.notices()).extracting(Notice::reason).containsOnly(Reason.STACK_ORPHANED);
    for (Component c :
        new Component[] {
          Component.DATABASE, Component.TABLE, Component.CONVERTER, Component.STORAGE
        }) {
      assertThat(cleanup.notices())
          .extracting(Notice::message)
          .anyMatch(m -> m.contains("stack " + TestPlans.stackName(p, c) + " (arn:aws:"));
    }
    assertThat(cleanup.notices()).hasSize(4);
    assertThat(h.cfn.stackNames()).hasSize(4);
  }

  @Test
  void anyOtherValueDeletesAsUsual() {
    h.reconcileUntilReady(p);
    p.getMetadata().setAnnotations(Map.of("datapipeline.io/deletion-policy", "Delete"));

    h.deleteUntilDone(p);

    assertThat(h.cfn.stackNames()).isEmpty();
    assertThat(h.noticeReasons()).contains("StacksDeleted");
  }
}
