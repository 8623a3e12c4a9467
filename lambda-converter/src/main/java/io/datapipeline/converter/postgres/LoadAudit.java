package io.datapipeline.converter.postgres;

import io.datapipeline.converter.load.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/** The {@code pipeline_loads} audit table: one row per file processed (docs/contracts.md). */
public final class LoadAudit {
  private LoadAudit() {}

  public static void insert(Connection connection, AuditEntry entry) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO pipeline_loads (source_bucket, source_key, source_version, status,"
                + " rows_loaded, rows_rejected, bytes, started_at, finished_at, error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, entry.bucket());
      statement.setString(2, entry.key());
      statement.setString(3, entry.version());
      statement.setString(4, entry.status());
      statement.setLong(5, entry.rowsLoaded());
      statement.setLong(6, entry.rowsRejected());
      statement.setLong(7, entry.bytes());
      statement.setTimestamp(8, Timestamp.from(entry.startedAt()));
      statement.setTimestamp(9, Timestamp.from(entry.finishedAt()));
      statement.setString(10, entry.error());
      statement.executeUpdate();
    }
  }

  /** Whether this exact object version was already loaded successfully (redelivery). */
  public static boolean alreadyLoaded(
      Connection connection, String bucket, String key, String version) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT 1 FROM pipeline_loads WHERE source_bucket = ? AND source_key = ?"
                + " AND source_version = ? AND status = 'success' LIMIT 1")) {
      statement.setString(1, bucket);
      statement.setString(2, key);
      statement.setString(3, version);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }
}
