package io.datapipeline.converter.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The transaction in which one source object's rows in a data table change (its load, its removal):
 * begun under the object's transaction-scoped advisory lock, so its loads and its removal serialize
 * until commit or rollback, and a concurrent event of the same object waits, then sees the first
 * one's audit row (skipped or superseded).
 */
final class ObjectTransaction {

  private ObjectTransaction() {}

  /** Checks the table's name, opens the transaction and waits for the object's lock. */
  static void begin(Connection connection, String table, String sourceKey) throws SQLException {
    PostgresTables.validateName(table);
    connection.setAutoCommit(false);
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")) {
      lock.setString(1, "datapipeline:load:" + table);
      lock.setString(2, sourceKey);
      lock.execute();
    }
  }

  /**
   * The {@code _dp_source_version} of the object's rows in {@code table} (one load's: a load
   * replaces all of them); null when it has none.
   */
  static String loadedVersion(Connection connection, String table, String sourceKey)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT _dp_source_version FROM "
                + PgTypes.quote(table)
                + " WHERE _dp_source_key = ? LIMIT 1")) {
      select.setString(1, sourceKey);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Deletes the rows the object's loads put in {@code table}; returns how many. */
  static long deleteRows(Connection connection, String table, String sourceKey)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM " + PgTypes.quote(table) + " WHERE _dp_source_key = ?")) {
      delete.setString(1, sourceKey);
      return delete.executeLargeUpdate();
    }
  }

  /**
   * Rolls the transaction back and puts the connection back in auto-commit mode (a kept connection
   * must not open a transaction by itself); a broken connection rolls back by itself, so its
   * failure is not one.
   */
  static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // a broken connection rolls back by itself
    }
  }
}
