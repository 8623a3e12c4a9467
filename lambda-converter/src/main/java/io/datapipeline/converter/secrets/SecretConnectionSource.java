package io.datapipeline.converter.secrets;

import io.datapipeline.converter.postgres.ConnectionSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connects with the RDS-managed master secret; retries once with a fresh secret on rotation. */
public record SecretConnectionSource(
    String jdbcUrl, String secretArn, SecretCredentials credentials) implements ConnectionSource {

  @Override
  public Connection open() throws SQLException {
    try {
      return connect();
    } catch (SQLException e) {
      if (!"28P01".equals(e.getSQLState())) { // invalid_password: the secret may have rotated
        throw e;
      }
      credentials.invalidate(secretArn);
      return connect();
    }
  }

  private Connection connect() throws SQLException {
    SecretCredentials.Credentials c = credentials.get(secretArn);
    Properties properties = new Properties();
    properties.setProperty("user", c.username());
    properties.setProperty("password", new String(c.password()));
    properties.setProperty("ApplicationName", "datapipeline-converter");
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("loginTimeout", "15");
    // Nothing may wait longer than Lambda's longest run: a dead socket, a stuck statement, a
    // lock held by a stuck load of the same object.
    properties.setProperty("socketTimeout", "900");
    properties.setProperty(
        "options",
        "-c statement_timeout=900s -c lock_timeout=300s"
            + " -c idle_in_transaction_session_timeout=900s");
    properties.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(jdbcUrl, properties);
  }
}
