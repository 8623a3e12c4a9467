package io.datapipeline.operator.aws;

import io.datapipeline.operator.ports.DatabaseSnapshots;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/** {@link DatabaseSnapshots} through RDS DescribeDBSnapshots / DescribeDBClusterSnapshots. */
public record SdkDatabaseSnapshots(RdsClient rds, SessionCredentials as)
    implements DatabaseSnapshots {

  @Override
  public Optional<Snapshot> latestManual(String resourceType, String identifier) {
    try {
      return find(resourceType, identifier);
    } catch (SdkException e) {
      throw AwsErrors.classify("DescribeDBSnapshots", e);
    }
  }

  private Optional<Snapshot> find(String resourceType, String identifier) {
    if ("AWS::RDS::DBCluster".equals(resourceType)) {
      return rds
          .describeDBClusterSnapshotsPaginator(
              r -> as.on(r).dbClusterIdentifier(identifier).snapshotType("manual"))
          .dbClusterSnapshots()
          .stream()
          .filter(s -> s.snapshotCreateTime() != null)
          .max(Comparator.comparing(DBClusterSnapshot::snapshotCreateTime))
          .map(
              s ->
                  new Snapshot(
                      s.dbClusterSnapshotIdentifier(),
                      s.dbClusterSnapshotArn(),
                      s.snapshotCreateTime()));
    }
    return rds
        .describeDBSnapshotsPaginator(
            r -> as.on(r).dbInstanceIdentifier(identifier).snapshotType("manual"))
        .dbSnapshots()
        .stream()
        .filter(s -> Objects.nonNull(s.snapshotCreateTime()))
        .max(Comparator.comparing(DBSnapshot::snapshotCreateTime))
        .map(
            s -> new Snapshot(s.dbSnapshotIdentifier(), s.dbSnapshotArn(), s.snapshotCreateTime()));
  }
}
