package io.datapipeline.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * The real PostgreSQL standing in for every pipeline's RDS instance: one embedded server (zonky's
 * packaged binaries, so nothing has to be installed) on loopback, one database and one owner role
 * per pipeline.
 */
public final class LocalPostgres implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private LocalPostgres(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts PostgreSQL with a fresh data directory under {@code workDir}. The binaries are unpacked
   * once (about 120 MB) into {@code ${java.io.tmpdir}/embedded-pg}, zonky's shared cache, and
   * reused by every later start; that saves several seconds per start.
   */
  public static LocalPostgres start(Path workDir) {
    try {
      Path base = Files.createDirectories(workDir.resolve("postgres"));
      Path data = base.resolve("data");
      // A run killed outright leaves its data directory behind, and initdb wants it empty.
      deleteRecursively(data);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(true)
              .setRegisterShutdownHook(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setOutputRedirector(
                  ProcessBuilder.Redirect.appendTo(base.resolve("postgres.log").toFile()))
              .setErrorRedirector(
                  ProcessBuilder.Redirect.appendTo(base.resolve("postgres.log").toFile()))
              .start();
      return new LocalPostgres(postgres, data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  /** The postmaster's pid (it runs detached from this JVM), from its {@code postmaster.pid}. */
  public long pid() {
    try {
      return Long.parseLong(
          Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read PostgreSQL's pid in " + dataDirectory, e);
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return postgres.getPort();
  }

  /** JDBC URL of a database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
  }

  /**
   * Creates (or, when it exists, re-keys) a login role owning a database of the same name, and
   * returns its credentials. Idempotent, so a sandbox that sees a stack complete twice is safe.
   *
   * @param name a SQL identifier, see {@link SqlNames#databaseName}
   */
  public DatabaseCredentials ensureDatabase(String name) {
    SqlNames.requireSafe(name);
    String password = HexFormat.of().formatHex(bytes());
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      // CREATEROLE as RDS gives its master user: the converter creates the read-only role.
      String options = " with login createrole password '" + password + "'";
      if (exists(statement, "select 1 from pg_roles where rolname = '" + name + "'")) {
        statement.execute("alter role " + name + options);
      } else {
        statement.execute("create role " + name + options);
      }
      if (!exists(statement, "select 1 from pg_database where datname = '" + name + "'")) {
        statement.execute("create database " + name + " owner " + name);
      }
      return new DatabaseCredentials(host(), port(), name, name, password, jdbcUrl(name));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Drops a database and its owner role, as deleting an RDS instance without a snapshot does: open
   * sessions are ended first.
   */
  public void dropDatabase(String name) {
    SqlNames.requireSafe(name);
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("drop database if exists " + name + " with (force)");
      statement.execute("drop role if exists " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static byte[] bytes() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static boolean exists(Statement statement, String query) throws SQLException {
    try (ResultSet rows = statement.executeQuery(query)) {
      return rows.next();
    }
  }
}
