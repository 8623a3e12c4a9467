package io.datapipeline.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.StackDeletionStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deletions under way as the status records them, across a restart and a stale read. */
class PendingDeletionsTest {

  static final String UID = "uid-1";
  static final String STACK = "dp-team-a-orders-database";

  static PendingDeletions.Deletion deletion(String stackId) {
    Map<String, String> snapshotted = new LinkedHashMap<>();
    snapshotted.put("Db", "AWS::RDS::DBInstance");
    snapshotted.put("Replica", "AWS::RDS::DBInstance");
    return new PendingDeletions.Deletion(stackId, snapshotted, Map.of("Key", "AWS::KMS::Key"));
  }

  @Test
  void aNewProcessTakesUpWhatTheStatusRecorded() {
    PendingDeletions before = new PendingDeletions();
    before.started(UID, STACK, deletion("arn:stack/1"));
    before.started("uid-2", "dp-other", deletion("arn:stack/9"));
    List<StackDeletionStatus> recorded = before.of(UID);

    PendingDeletions after = new PendingDeletions();
    after.restore(UID, recorded);

    assertThat(recorded).singleElement().satisfies(s -> assertThat(s.stackName).isEqualTo(STACK));
    PendingDeletions.Deletion restored = after.get(UID, STACK);
    assertThat(restored.stackId()).isEqualTo("arn:stack/1");
    assertThat(restored.snapshotted())
        .containsExactly(
            Map.entry("Db", "AWS::RDS::DBInstance"), Map.entry("Replica", "AWS::RDS::DBInstance"));
    assertThat(restored.retained()).containsExactly(Map.entry("Key", "AWS::KMS::Key"));
    assertThat(restored.keepsNothing()).isFalse();
  }

  @Test
  void aTemplateNotReadIsRecordedAsUnknownNotAsKeepingNothing() {
    PendingDeletions before = new PendingDeletions();
    before.started(UID, STACK, new PendingDeletions.Deletion("arn:stack/1", Map.of(), null));

    PendingDeletions after = new PendingDeletions();
    after.restore(UID, before.of(UID));

    assertThat(after.get(UID, STACK).retained()).isNull();
    assertThat(after.get(UID, STACK).keepsNothing()).isFalse();
  }

  @Test
  void aFinishedDeletionIsNotTakenUpAgainFromAStatusReadBeforeItsPatch() {
    PendingDeletions deletions = new PendingDeletions();
    deletions.started(UID, STACK, deletion("arn:stack/1"));
    List<StackDeletionStatus> stale = deletions.of(UID);

    assertThat(deletions.finished(UID, STACK)).isNotNull();
    deletions.restore(UID, stale);

    assertThat(deletions.get(UID, STACK)).as("told once, not twice").isNull();
    assertThat(deletions.finished(UID, STACK)).isNull();

    // Once the status has caught up, a later deletion of a stack of that name is taken up.
    deletions.restore(UID, null);
    PendingDeletions other = new PendingDeletions();
    other.started(UID, STACK, deletion("arn:stack/2"));
    deletions.restore(UID, other.of(UID));
    assertThat(deletions.get(UID, STACK).stackId()).isEqualTo("arn:stack/2");
  }
}
