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

  /** Whether the object's loads put any row in {@code table}. */
  static boolean hasRows(Connection connection, String table, String sourceKey)
      throws SQLException {
    try (PreparedStatement exists =
        connection.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM "
                + PgTypes.quote(table)
                + " WHERE _dp_source_key = ?)")) {
      exists.setString(1, sourceKey);
      try (ResultSet rs = exists.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
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
