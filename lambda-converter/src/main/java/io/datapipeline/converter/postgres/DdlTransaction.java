package io.datapipeline.converter.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * DDL as concurrent Lambdas may run it: in a transaction of its own under the one advisory lock all
 * the converter's DDL takes, rolled back when it fails, the connection's auto-commit mode restored
 * afterwards.
 */
final class DdlTransaction {
  private DdlTransaction() {}

  /** The DDL statements of one transaction. */
  @FunctionalInterface
  interface Work {
    void run(Statement statement) throws SQLException;
  }

  static void run(Connection connection, Work work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(hashtext('datapipeline:ddl'))");
      work.run(statement);
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
