package io.datapipeline.converter.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Keeps Grafana's read-only role equal to its secret: applied in the first file of a container and
 * again whenever the secret's version (a rotation) or user name changed.
 */
public final class ReaderRoleSync {

  /** The reader secret's current content. */
  public record RoleCredentials(String username, char[] password, String version) {
    @Override
    public String toString() {
      return "RoleCredentials[username=" + username + ", version=" + version + "]";
    }
  }

  private final Supplier<RoleCredentials> secret;
  private final String table;
  private String applied;

  public ReaderRoleSync(Supplier<RoleCredentials> secret, String table) {
    this.secret = secret;
    this.table = table;
  }

  public void ensure(Connection connection) throws SQLException {
    RoleCredentials reader = secret.get();
    String version = reader.version() + "/" + reader.username();
    if (!version.equals(applied)) {
      ReaderRole.ensure(connection, reader.username(), reader.password(), table);
      applied = version;
    }
  }
}
