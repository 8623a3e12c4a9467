package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every PostgreSQL query of the rendered dashboards, with Grafana's variables and macros expanded
 * for a fixed time range, runs as the read-only role against a real PostgreSQL holding the
 * contract's tables loaded from a real dataset, and returns rows.
 */
class PostgresPanelsIT {

  private static final String DATABASE = "datapipeline";
  private static final String READER = "grafana_reader";
  private static final Instant LOADS_START = Instant.parse("2026-03-02T08:00:00Z");

  /** The dashboard's time range: the morning of the loads. */
  private static final Instant FROM = LOADS_START.minus(Duration.ofHours(1));

  private static final Instant TO = LOADS_START.plus(Duration.ofHours(6));

  /** What Grafana's frontend would compute for this range on a panel ~1000 px wide. */
  private static final Map<String, String> GLOBALS =
      Map.of("__interval", "30s", "__interval_ms", "30000");

  private static EmbeddedPostgres postgres;
  private static Connection reader;
  private static ContractTables.Loaded loaded;
  private static Dashboard overview;

  @BeforeAll
  static void loadTheContractTablesAndRenderTheDashboards() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection owner = connect("postgres")) {
      ContractTables.create(owner);
      ContractTables.grantReader(owner, READER, "reader-secret");
      loaded = ContractTables.load(owner, LOADS_START);
    }
    reader = connect(READER);

    Map<String, String> env = Entrypoint.taskEnvironment();
    env.put("DB_TABLE", ContractTables.DATA_TABLE);
    Path rendered = Files.createTempDirectory("rendered-dashboards");
    overview =
        Entrypoint.render(env, rendered).stream()
            .filter(d -> d.fileName().equals("pipeline-overview.json"))
            .findFirst()
            .orElseThrow();
  }

  @AfterAll
  static void stop() throws Exception {
    if (reader != null) {
      reader.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static Connection connect(String user) throws SQLException {
    return DriverManager.getConnection(postgres.getJdbcUrl(user, DATABASE), user, "reader-secret");
  }

  private static List<Dashboard.Query> postgresQueries() {
    return overview.queries().stream()
        .filter(q -> q.datasourceType().equals(Datasources.POSTGRES_TYPE))
        .toList();
  }

  /** The SQL Grafana's backend would send for this query and the fixed range. */
  private static String expand(Dashboard.Query q) {
    String interpolated = TemplateVariables.of(overview, GLOBALS).interpolateSql(q.text("rawSql"));
    String sql = new PostgresMacros(FROM, TO).expand(interpolated);
    assertThat(sql)
        .as(q.where() + " has nothing left to expand")
        .doesNotContainPattern("\\$\\w|\\[\\[");
    return sql;
  }

  private static List<Map<String, Object>> run(Dashboard.Query q) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement s = reader.createStatement();
        ResultSet rs = s.executeQuery(expand(q))) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          row.put(meta.getColumnLabel(c), rs.getObject(c));
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new AssertionError(q.where() + " failed: " + e.getMessage() + "\n" + expand(q), e);
    }
    return rows;
  }

  @TestFactory
  List<DynamicTest> everyPostgresQueryReturnsRowsAsTheReadOnlyRole() {
    List<Dashboard.Query> queries = postgresQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
    return queries.stream()
        .map(
            q ->
                DynamicTest.dynamicTest(
                    q.where(),
                    () -> {
                      List<Map<String, Object>> rows = run(q);
                      assertThat(rows).as(q.where() + " returns rows").isNotEmpty();
                      assertThat(rows.get(0).values())
                          .as(q.where() + " first row has a value")
                          .anyMatch(v -> v != null);
                      if ("time_series".equals(q.text("format"))) {
                        assertThat(rows.get(0)).as(q.where() + " time column").containsKey("time");
                      }
                    }))
        .toList();
  }

  @Test
  void countsMatchWhatWasLoaded() throws SQLException {
    assertThat(single("Files loaded")).isEqualTo(loaded.successfulFiles());
    assertThat(single("Files failed")).isEqualTo(loaded.failedFiles());
    assertThat(single("Rows loaded")).isEqualTo(loaded.rows());
    assertThat(single("Rows rejected")).isEqualTo(0L);
    assertThat(sum("Rows per hour", "loaded")).isEqualTo(loaded.rows());
    assertThat(sum("Rows stored per hour", "rows stored")).isEqualTo(loaded.rows());
  }

  @Test
  void lastLoadsListEveryFileNewestFirstWithTheFailureAndItsError() throws SQLException {
    List<Map<String, Object>> rows = run(query("Last loads"));
    assertThat(rows).hasSize(loaded.successfulFiles() + loaded.failedFiles());
    assertThat(rows.get(0))
        .containsEntry("file", "incoming/github.csv")
        .containsEntry("status", "failed");
    assertThat((String) rows.get(0).get("error")).contains("does not match the schema");
    assertThat(rows.subList(1, rows.size())).allMatch(r -> "success".equals(r.get("status")));
  }

  @Test
  void auditAgreesWithTheTablesLineageForEveryFile() throws SQLException {
    List<Map<String, Object>> rows = run(query("Audit against the table, per file"));
    assertThat(rows).hasSize(loaded.successfulFiles());
    assertThat(rows)
        .allSatisfy(r -> assertThat(((Number) r.get("difference")).longValue()).isZero());
  }

  @Test
  void aRangeBeforeTheLoadsShowsNoLoads() throws SQLException {
    Dashboard.Query q = query("Files loaded");
    String sql =
        new PostgresMacros(FROM.minus(Duration.ofDays(2)), FROM.minus(Duration.ofDays(1)))
            .expand(TemplateVariables.of(overview, GLOBALS).interpolateSql(q.text("rawSql")));
    try (Statement s = reader.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).as("the time filter really filters").isZero();
    }
  }

  @Test
  void theReaderRoleCannotWrite() {
    assertThatThrownBy(
            () -> {
              try (Statement s = reader.createStatement()) {
                s.executeUpdate("DELETE FROM pipeline_loads");
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied");
  }

  private static Dashboard.Query query(String panelTitle) {
    return postgresQueries().stream()
        .filter(q -> q.panel().title().equals(panelTitle))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no PostgreSQL panel titled " + panelTitle));
  }

  private static long single(String panelTitle) throws SQLException {
    List<Map<String, Object>> rows = run(query(panelTitle));
    assertThat(rows).hasSize(1);
    return ((Number) rows.get(0).values().iterator().next()).longValue();
  }

  private static long sum(String panelTitle, String column) throws SQLException {
    return run(query(panelTitle)).stream()
        .mapToLong(r -> ((Number) r.get(column)).longValue())
        .sum();
  }
}
