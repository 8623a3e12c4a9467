package io.datapipeline.converter.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one PostgreSQL connection a Lambda container keeps between files, checked before each file
 * and reopened when it broke.
 */
public final class PostgresSession implements AutoCloseable {

  private static final int VALID_TIMEOUT_SECONDS = 5;

  private final ConnectionSource source;
  private Connection connection;

  public PostgresSession(ConnectionSource source) {
    this.source = source;
  }

  /** A working connection in auto-commit mode: the kept one, or a new one. */
  public Connection connect() throws SQLException {
    if (connection != null) {
      try {
        if (connection.isValid(VALID_TIMEOUT_SECONDS)) {
          return connection;
        }
      } catch (SQLException ignored) {
        // reopen below
      }
      close();
    }
    connection = source.open();
    connection.setAutoCommit(true);
    return connection;
  }

  /** The connection checked by the last {@link #connect}, or a new one: for the rest of a file. */
  public Connection forFile() throws SQLException {
    return connection != null ? connection : connect();
  }

  /** The connection the current file uses, or null when none could be opened. */
  public Connection current() {
    return connection;
  }

  /** Drops the connection (it broke); the next {@link #connect} opens a new one. */
  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already broken
      }
      connection = null;
    }
  }
}
