package io.datapipeline.converter.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The transaction-scoped advisory lock of one source object: its loads and its removal serialize on
 * it until commit or rollback, so a concurrent event of the same object waits, then sees the first
 * one's audit row (skipped or superseded).
 */
final class ObjectLock {

  private ObjectLock() {}

  static void acquire(Connection connection, String table, String sourceKey) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")) {
      lock.setString(1, "datapipeline:load:" + table);
      lock.setString(2, sourceKey);
      lock.execute();
    }
  }
}
