package io.datapipeline.operator.ports;

import java.time.Instant;
import java.util.Optional;

/**
 * Finds the final snapshot CloudFormation's {@code DeletionPolicy: Snapshot} took of a deleted
 * database: the stack's events do not name it, RDS does.
 */
public interface DatabaseSnapshots {

  /** A manual snapshot of a DB instance or cluster. */
  record Snapshot(String identifier, String arn, Instant created) {}

  /**
   * The newest manual snapshot of the database, or empty when it has none.
   *
   * @param resourceType AWS::RDS::DBInstance or AWS::RDS::DBCluster
   * @param identifier the instance or cluster identifier (the resource's physical id)
   */
  Optional<Snapshot> latestManual(String resourceType, String identifier);
}
