package io.datapipeline.converter.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * The read-only login Grafana uses ({@code DB_READER_SECRET_ARN}): created when absent, its
 * password set from the secret, and SELECT granted on the data table and {@code pipeline_loads}.
 * The password is hashed (SCRAM) on this side, so it never travels or gets logged in clear.
 */
public final class ReaderRole {
  private ReaderRole() {}

  public static void ensure(Connection connection, String role, char[] password, String table)
      throws SQLException {
    PostgresTables.validateName(table);
    if (role == null || !role.matches("^[a-z_][a-z0-9_]{0,62}$")) {
      throw new IllegalArgumentException(
          "reader role name '" + role + "' is not a plain identifier");
    }
    DdlTransaction.run(
        connection,
        statement -> {
          if (!exists(connection, role)) {
            statement.execute(
                "CREATE ROLE "
                    + PgTypes.quote(role)
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
          }
          statement.execute("ALTER ROLE " + PgTypes.quote(role) + " LOGIN");
          connection.unwrap(PGConnection.class).alterUserPassword(role, password, "scram-sha-256");
          statement.execute(
              "GRANT CONNECT ON DATABASE "
                  + PgTypes.quote(currentDatabase(connection))
                  + " TO "
                  + PgTypes.quote(role));
          statement.execute("GRANT USAGE ON SCHEMA public TO " + PgTypes.quote(role));
          statement.execute(
              "GRANT SELECT ON "
                  + PgTypes.quote(table)
                  + ", pipeline_loads TO "
                  + PgTypes.quote(role));
        });
  }

  private static boolean exists(Connection connection, String role) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      statement.setString(1, role);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String currentDatabase(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
