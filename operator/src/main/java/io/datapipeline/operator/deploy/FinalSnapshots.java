package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.StackEvent;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.operator.ports.DatabaseSnapshots;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names, once a stack is deleted, the final snapshot each of its {@code DeletionPolicy: Snapshot}
 * databases left: CloudFormation's events do not say, so the snapshot is looked up in RDS by the
 * database's identifier (the physical id in the stack's events).
 */
final class FinalSnapshots {

  private FinalSnapshots() {}

  /**
   * @param snapshotted logical id -> type of the databases the delete was to snapshot
   */
  static void report(
      String stackName,
      String stackId,
      Map<String, String> snapshotted,
      AwsSession aws,
      List<Notice> notices) {
    if (snapshotted.isEmpty()) {
      return;
    }
    List<StackEvent> events;
    try {
      events = aws.cloudFormation().describeStackEvents(stackId);
    } catch (CloudFormationException e) {
      notices.add(
          Notice.warning(
              Reason.FINAL_SNAPSHOT_MISSING,
              stackName
                  + " is deleted; could not read its events to name the final snapshot of "
                  + snapshotted.keySet()
                  + ": "
                  + e.getMessage()));
      return;
    }
    snapshotted.forEach(
        (logicalId, type) -> {
          if (skipped(events, logicalId)) {
            return; // retained, not deleted: the Retained / ResourceRetained Events name it
          }
          Optional<String> identifier = physicalId(events, logicalId);
          if (identifier.isEmpty()) {
            notices.add(
                Notice.warning(
                    Reason.FINAL_SNAPSHOT_MISSING,
                    stackName
                        + ": "
                        + logicalId
                        + " ("
                        + type
                        + ") is deleted, but its events do not name the instance, so its final"
                        + " snapshot cannot be looked up"));
            return;
          }
          Optional<DatabaseSnapshots.Snapshot> snapshot;
          try {
            snapshot = aws.snapshots().latestManual(type, identifier.get());
          } catch (AwsCallException e) {
            notices.add(
                Notice.warning(
                    Reason.FINAL_SNAPSHOT_MISSING,
                    stackName
                        + ": "
                        + logicalId
                        + " ("
                        + identifier.get()
                        + ") is deleted; could not look up its final snapshot: "
                        + e.getMessage()));
            return;
          }
          notices.add(
              snapshot
                  .map(
                      s ->
                          Notice.normal(
                              Reason.FINAL_SNAPSHOT,
                              stackName
                                  + ": "
                                  + logicalId
                                  + " ("
                                  + identifier.get()
                                  + ") is deleted; its final snapshot is "
                                  + s.identifier()
                                  + " ("
                                  + s.arn()
                                  + ")"))
                  .orElseGet(
                      () ->
                          Notice.warning(
                              Reason.FINAL_SNAPSHOT_MISSING,
                              stackName
                                  + ": "
                                  + logicalId
                                  + " ("
                                  + identifier.get()
                                  + ") is deleted, but RDS has no manual snapshot of it")));
        });
  }

  private static boolean skipped(List<StackEvent> events, String logicalId) {
    return events.stream()
        .anyMatch(
            e ->
                logicalId.equals(e.logicalResourceId())
                    && "DELETE_SKIPPED".equals(e.resourceStatus()));
  }

  private static Optional<String> physicalId(List<StackEvent> events, String logicalId) {
    return events.stream()
        .filter(e -> logicalId.equals(e.logicalResourceId()))
        .map(StackEvent::physicalResourceId)
        .filter(id -> id != null && !id.isBlank())
        .findFirst();
  }
}
