package io.datapipeline.converter.postgres;

import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.load.Precedence;
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
            "INSERT INTO pipeline_loads (source_bucket, source_key, source_version,"
                + " source_sequencer, status, reason, rows_loaded, rows_rejected, bytes,"
                + " started_at, finished_at, error, notes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, entry.source().bucket());
      statement.setString(2, entry.source().key());
      statement.setString(3, entry.source().version());
      statement.setString(4, entry.source().sequencer());
      statement.setString(5, entry.status());
      statement.setString(6, entry.reason());
      statement.setLong(7, entry.rowsLoaded());
      statement.setLong(8, entry.rowsRejected());
      statement.setLong(9, entry.bytes());
      statement.setTimestamp(10, Timestamp.from(entry.startedAt()));
      statement.setTimestamp(11, Timestamp.from(entry.finishedAt()));
      statement.setString(12, entry.error());
      statement.setString(13, entry.notes());
      statement.executeUpdate();
    }
  }

  /**
   * How an event stands against the successful loads and removals of its key: older than the newest
   * one (sequencers compared as S3 says: left-padded with zeros, then as strings), this exact
   * version again, or new. An event without a sequencer is never older.
   */
  public static Precedence precedence(
      Connection connection, String bucket, String key, String version, String sequencer)
      throws SQLException {
    if (sequencer != null
        && exists(
            connection,
            "SELECT 1 FROM pipeline_loads WHERE source_bucket = ? AND source_key = ?"
                + " AND status IN ('success', 'removed') AND source_sequencer IS NOT NULL"
                + " AND lpad(upper(source_sequencer), 64, '0') > lpad(upper(?), 64, '0')"
                + " LIMIT 1",
            bucket,
            key,
            sequencer)) {
      return Precedence.SUPERSEDED;
    }
    if (alreadyLoaded(connection, bucket, key, version)) {
      return Precedence.ALREADY_LOADED;
    }
    return exists(
            connection,
            "SELECT 1 FROM pipeline_loads WHERE source_bucket = ? AND source_key = ?"
                + " AND source_version = ? AND status = 'failed' AND reason = 'bad_input' LIMIT 1",
            bucket,
            key,
            version)
        ? Precedence.FAILED_PERMANENTLY
        : Precedence.NEW;
  }

  /**
   * Whether this exact object version was already loaded successfully (redelivery), and its rows
   * were not removed since (the same content uploaded again after a deletion has the same ETag).
   */
  public static boolean alreadyLoaded(
      Connection connection, String bucket, String key, String version) throws SQLException {
    return exists(
        connection,
        "SELECT 1 FROM pipeline_loads l WHERE source_bucket = ? AND source_key = ?"
            + " AND source_version = ? AND status = 'success'"
            + " AND NOT EXISTS (SELECT 1 FROM pipeline_loads r"
            + " WHERE r.source_bucket = l.source_bucket AND r.source_key = l.source_key"
            + " AND r.status = 'removed' AND r.id > l.id) LIMIT 1",
        bucket,
        key,
        version);
  }

  /** Whether {@code sql}, with {@code parameters} bound in order, finds a row. */
  private static boolean exists(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }
}
