package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every PostgreSQL query of the rendered dashboards, with Grafana's variables and macros expanded
 * for a fixed time range, runs as the read-only role against a real PostgreSQL 17 whose tables the
 * real converter created and filled from a real dataset, and returns rows.
 */
@ExtendWith(MotoExtension.class)
class PostgresPanelsIT {

  private static final String DATABASE = "datapipeline";
  private static final String READER = "grafana_reader";

  /** What Grafana's frontend would compute for a ~1000 px panel over a short range. */
  private static final Map<String, String> GLOBALS =
      Map.of("__interval", "1s", "__interval_ms", "1000");

  private static EmbeddedPostgres postgres;
  private static Connection reader;
  private static ConverterLoad.Uploads uploads;
  private static Dashboard overview;

  /** The dashboard's time range: fixed once the loads are done, a minute either side of them. */
  private static Instant from;

  private static Instant to;

  @BeforeAll
  static void convertARealDatasetAndRenderTheDashboards(MotoAws aws) throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    from = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    uploads =
        ConverterLoad.run(aws, () -> postgres.getDatabase("postgres", DATABASE).getConnection());
    to = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    reader =
        DriverManager.getConnection(
            postgres.getJdbcUrl(READER, DATABASE), READER, ConverterLoad.READER_PASSWORD);

    Map<String, String> env = Entrypoint.taskEnvironment();
    env.put("DB_TABLE", ConverterLoad.DATA_TABLE);
    env.put("PIPELINE", ConverterLoad.PIPELINE);
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

  private static List<Dashboard.Query> postgresQueries() {
    return overview.queries().stream()
        .filter(q -> q.datasourceType().equals(Datasources.POSTGRES_TYPE))
        .toList();
  }

  /** The SQL Grafana's backend would send for this query and the fixed range. */
  private static String expand(Dashboard.Query q) {
    String interpolated = TemplateVariables.of(overview, GLOBALS).interpolateSql(q.text("rawSql"));
    String sql = new PostgresMacros(from, to).expand(interpolated);
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

  /** Airports whose state is NA: the schema declares state not nullable (dataset README). */
  private static final long AIRPORTS_WITHOUT_STATE = 12;

  @Test
  void countsMatchTheDataset() throws SQLException {
    long stored = uploads.dataRows() - AIRPORTS_WITHOUT_STATE;
    assertThat(single("Files loaded")).isEqualTo(uploads.loadedKeys().size());
    assertThat(single("Files failed")).isEqualTo(uploads.failedKeys().size());
    assertThat(single("Rows loaded")).isEqualTo(stored);
    assertThat(single("Rows rejected")).isEqualTo(AIRPORTS_WITHOUT_STATE);
    assertThat(decimal("Rejected share"))
        .isCloseTo(100.0 * AIRPORTS_WITHOUT_STATE / uploads.dataRows(), within(1e-9));
    assertThat(sum("Rows per hour", "loaded")).isEqualTo(stored);
    assertThat(sum("Rows per hour", "rejected")).isEqualTo(AIRPORTS_WITHOUT_STATE);
    assertThat(sum("Rows stored per hour", "rows stored")).isEqualTo(stored);
  }

  @Test
  void lastLoadsListEveryFileNewestFirstWithTheFailureAndItsError() throws SQLException {
    List<Map<String, Object>> rows = run(query("Last loads"));
    assertThat(rows).hasSize(uploads.loadedKeys().size() + uploads.failedKeys().size());
    assertThat(rows.get(0))
        .containsEntry("file", uploads.failedKeys().get(0))
        .containsEntry("status", "failed");
    assertThat((String) rows.get(0).get("error")).isNotBlank();
    assertThat(rows.subList(1, rows.size()))
        .extracting(r -> r.get("file"))
        .containsExactlyElementsOf(newestFirst(uploads.loadedKeys()));
    assertThat(rows.subList(1, rows.size())).allMatch(r -> "success".equals(r.get("status")));
  }

  @Test
  void auditAgreesWithTheTablesLineageForEveryFile() throws SQLException {
    List<Map<String, Object>> rows = run(query("Audit against the table, per file"));
    assertThat(rows)
        .extracting(r -> r.get("file"))
        .containsExactlyInAnyOrderElementsOf(uploads.loadedKeys());
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(((Number) r.get("rows in table")).longValue()).isPositive();
              assertThat(((Number) r.get("difference")).longValue()).as(r.toString()).isZero();
            });
  }

  @Test
  void aRangeBeforeTheLoadsShowsNoLoads() throws SQLException {
    Dashboard.Query q = query("Files loaded");
    String sql =
        new PostgresMacros(from.minus(Duration.ofDays(2)), from.minus(Duration.ofDays(1)))
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

  private static List<String> newestFirst(List<String> uploadOrder) {
    List<String> reversed = new ArrayList<>(uploadOrder);
    Collections.reverse(reversed);
    return reversed;
  }

  private static double decimal(String panelTitle) throws SQLException {
    List<Map<String, Object>> rows = run(query(panelTitle));
    assertThat(rows).hasSize(1);
    return ((Number) rows.get(0).values().iterator().next()).doubleValue();
  }

  private static long sum(String panelTitle, String column) throws SQLException {
    return run(query(panelTitle)).stream()
        .mapToLong(r -> ((Number) r.get(column)).longValue())
        .sum();
  }
}
