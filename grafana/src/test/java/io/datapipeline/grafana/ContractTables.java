package io.datapipeline.grafana;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Creates the PostgreSQL tables exactly as docs/contracts.md describes them and loads a real
 * dataset the way the converter does (typed rows with lineage columns, one audit row per file, a
 * file whose header does not match the schema recorded as failed). A stand-in until the converter's
 * own loader is on main; then the converter creates and fills these tables.
 */
final class ContractTables {

  static final String DATA_TABLE = "seattle_weather";
  static final String BUCKET = "dp-team-a-weather";
  private static final List<String> COLUMNS =
      List.of("date", "precipitation", "temp_max", "temp_min", "wind", "weather");

  /** What was loaded, to compare panel results with. */
  record Loaded(int successfulFiles, int failedFiles, long rows, Instant first, Instant last) {}

  private ContractTables() {}

  static void create(Connection db) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(
          """
          CREATE TABLE pipeline_loads (
            id bigserial PRIMARY KEY,
            source_bucket text,
            source_key text,
            source_version text,
            status text,
            rows_loaded bigint,
            rows_rejected bigint,
            bytes bigint,
            started_at timestamptz,
            finished_at timestamptz,
            error text)""");
      s.execute(
          "CREATE TABLE "
              + DATA_TABLE
              + """
               (
                date date NOT NULL,
                precipitation double precision,
                temp_max double precision,
                temp_min double precision,
                wind double precision,
                weather text,
                _dp_source_key text,
                _dp_source_version text,
                _dp_line bigint,
                _dp_loaded_at timestamptz,
                PRIMARY KEY (date))""");
    }
  }

  /** What the converter grants its read-only role (contracts.md, DB_READER_SECRET_ARN). */
  static void grantReader(Connection db, String role, String password) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
      s.execute("GRANT USAGE ON SCHEMA public TO " + role);
      s.execute("GRANT SELECT ON pipeline_loads, " + DATA_TABLE + " TO " + role);
    }
  }

  /**
   * seattle-weather.csv uploaded as one file per year, 40 minutes apart from {@code start}, then
   * github.csv uploaded to this pipeline by mistake.
   */
  static Loaded load(Connection db, Instant start) throws SQLException {
    List<String> lines = lines("/datasets/seattle-weather.csv");
    String header = lines.get(0);
    Map<String, List<String[]>> byYear = new TreeMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      byYear
          .computeIfAbsent(line.substring(0, 4), y -> new ArrayList<>())
          .add(new String[] {line, Integer.toString(i + 1)});
    }
    Instant at = start;
    long rows = 0;
    for (var year : byYear.entrySet()) {
      String key = "incoming/seattle-weather-" + year.getKey() + ".csv";
      rows += loadFile(db, key, header, year.getValue(), at);
      at = at.plus(Duration.ofMinutes(40));
    }
    List<String> github = lines("/datasets/github.csv");
    recordFailure(db, "incoming/github.csv", github, at);
    return new Loaded(byYear.size(), 1, rows, start, at);
  }

  private static long loadFile(
      Connection db, String key, String header, List<String[]> rows, Instant started)
      throws SQLException {
    if (!List.of(header.split(",")).equals(COLUMNS)) {
      throw new IllegalStateException(key + ": header " + header + " does not match the schema");
    }
    String version = "v-" + Integer.toHexString(key.hashCode());
    long bytes = header.length() + 1;
    // A second per 500 rows: loads take a measurable, different time each.
    Instant finished = started.plusMillis(2000L * rows.size() / 1000 + 1500);
    db.setAutoCommit(false);
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO " + DATA_TABLE + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (String[] row : rows) {
        String[] f = row[0].split(",", -1);
        insert.setObject(1, LocalDate.parse(f[0]));
        for (int c = 1; c <= 4; c++) {
          insert.setDouble(c + 1, Double.parseDouble(f[c]));
        }
        insert.setString(6, f[5]);
        insert.setString(7, key);
        insert.setString(8, version);
        insert.setLong(9, Long.parseLong(row[1]));
        insert.setTimestamp(10, Timestamp.from(finished));
        insert.addBatch();
        bytes += row[0].length() + 1;
      }
      insert.executeBatch();
      audit(db, key, version, "success", rows.size(), 0, bytes, started, finished, null);
      db.commit();
    } finally {
      db.setAutoCommit(true);
    }
    return rows.size();
  }

  private static void recordFailure(Connection db, String key, List<String> lines, Instant started)
      throws SQLException {
    long bytes = lines.stream().mapToLong(l -> l.length() + 1).sum();
    String error = "header [" + lines.get(0) + "] does not match the schema columns " + COLUMNS;
    audit(
        db,
        key,
        "v-" + Integer.toHexString(key.hashCode()),
        "failed",
        0,
        0,
        bytes,
        started,
        started.plusMillis(300),
        error);
  }

  private static void audit(
      Connection db,
      String key,
      String version,
      String status,
      long loaded,
      long rejected,
      long bytes,
      Instant started,
      Instant finished,
      String error)
      throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "INSERT INTO pipeline_loads (source_bucket, source_key, source_version, status,"
                + " rows_loaded, rows_rejected, bytes, started_at, finished_at, error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, BUCKET);
      s.setString(2, key);
      s.setString(3, version);
      s.setString(4, status);
      s.setLong(5, loaded);
      s.setLong(6, rejected);
      s.setLong(7, bytes);
      s.setTimestamp(8, Timestamp.from(started));
      s.setTimestamp(9, Timestamp.from(finished));
      s.setString(10, error);
      s.executeUpdate();
    }
  }

  private static List<String> lines(String resource) {
    try (InputStream in = ContractTables.class.getResourceAsStream(resource);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
