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
          notices.add(
              identifier.isEmpty()
                  ? Notice.warning(
                      Reason.FINAL_SNAPSHOT_MISSING,
                      database(stackName, logicalId, type)
                          + " is deleted, but its events do not name the instance, so its final"
                          + " snapshot cannot be looked up")
                  : finalSnapshot(stackName, logicalId, type, identifier.get(), aws));
        });
  }

  /** Looks up the final snapshot of database {@code identifier}, deleted with its stack. */
  private static Notice finalSnapshot(
      String stackName, String logicalId, String type, String identifier, AwsSession aws) {
    String database = database(stackName, logicalId, identifier);
    Optional<DatabaseSnapshots.Snapshot> snapshot;
    try {
      snapshot = aws.snapshots().latestManual(type, identifier);
    } catch (AwsCallException e) {
      return Notice.warning(
          Reason.FINAL_SNAPSHOT_MISSING,
          database + " is deleted; could not look up its final snapshot: " + e.getMessage());
    }
    return snapshot
        .map(
            s ->
                Notice.normal(
                    Reason.FINAL_SNAPSHOT,
                    database
                        + " is deleted; its final snapshot is "
                        + s.identifier()
                        + " ("
                        + s.arn()
                        + ")"))
        .orElseGet(
            () ->
                Notice.warning(
                    Reason.FINAL_SNAPSHOT_MISSING,
                    database + " is deleted, but RDS has no manual snapshot of it"));
  }

  /** How every notice names a database: {@code stack: LogicalId (detail)}. */
  private static String database(String stackName, String logicalId, String detail) {
    return stackName + ": " + logicalId + " (" + detail + ")";
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
