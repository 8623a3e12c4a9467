package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.schema.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongFunction;

/**
 * A deleted object's rows in the data table, in one transaction holding the object's load lock
 * ({@link ObjectTransaction}): which version they came from, their keys (for DynamoDB), then their
 * deletion and the audit row {@code removed}, committed together.
 */
public final class PostgresRemoval {

  private final Connection connection;
  private final Schema schema;
  private final String table;
  private final String bucket;
  private final String sourceKey;
  private boolean done;

  public PostgresRemoval(
      Connection connection, Schema schema, String table, String bucket, String sourceKey)
      throws SQLException {
    ObjectTransaction.begin(connection, table, sourceKey);
    this.connection = connection;
    this.schema = schema;
    this.table = table;
    this.bucket = bucket;
    this.sourceKey = sourceKey;
  }

  /** The {@code _dp_source_version} of the object's rows; null when it has none. */
  public String loadedVersion() throws SQLException {
    return ObjectTransaction.loadedVersion(connection, table, sourceKey);
  }

  /** Whether a removal of this event (its sequencer, or its version without one) is audited. */
  public boolean alreadyRemoved(String version, String sequencer) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM pipeline_loads WHERE source_bucket = ? AND source_key = ?"
                + " AND status = 'removed' AND "
                + (sequencer != null ? "source_sequencer = ?" : "source_version = ?")
                + " LIMIT 1")) {
      select.setString(1, bucket);
      select.setString(2, sourceKey);
      select.setString(3, sequencer != null ? sequencer : version);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Hands {@code consumer} the keys of the object's rows, in chunks. */
  public void forEachKey(DroppedKeys consumer) throws Exception {
    new ObjectRowKeys(connection, schema, table).all(sourceKey, consumer);
  }

  /** Deletes the object's rows, writes {@code audit} and commits; returns the rows deleted. */
  public long deleteAndCommit(LongFunction<AuditEntry> audit) throws SQLException {
    long deleted = ObjectTransaction.deleteRows(connection, table, sourceKey);
    LoadAudit.insert(connection, audit.apply(deleted));
    connection.commit();
    done = true;
    connection.setAutoCommit(true);
    return deleted;
  }

  /** Rolls back unless committed. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    ObjectTransaction.rollbackQuietly(connection);
  }
}
