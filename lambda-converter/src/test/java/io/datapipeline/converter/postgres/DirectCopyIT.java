package io.datapipeline.converter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.converter.EmbeddedPostgresExtension;
import io.datapipeline.converter.NoRejects;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A first load COPYs straight into the data table ({@link DirectCopy}) and keeps the staged load's
 * contract: all rows or none at commit, the last row of a key wins in the file and across files,
 * the lineage of every row. Chunks are cut small here (8 KiB, about 100 rows) so one file spans
 * many.
 */
class DirectCopyIT {

  private static final Schema KEYED =
      SchemaLoader.parse(
          "{\"primaryKey\": [\"id\"], \"columns\": [{\"name\": \"id\", \"type\": \"int64\","
              + " \"nullable\": false}, {\"name\": \"note\", \"type\": \"string\"},"
              + " {\"name\": \"amount\", \"type\": \"decimal\", \"precision\": 12, \"scale\": 2}]}");

  private static final Schema KEYLESS =
      SchemaLoader.parse(
          "{\"columns\": [{\"name\": \"id\", \"type\": \"int64\"}, {\"name\": \"note\","
              + " \"type\": \"string\"}, {\"name\": \"amount\", \"type\": \"decimal\","
              + " \"precision\": 12, \"scale\": 2}]}");

  private static final DirectCopy.Chunks SMALL = new DirectCopy.Chunks(8 << 10, 1_000);

  private static final Instant LOADED_AT = Instant.parse("2026-12-03T10:15:30.123456789Z");

  @RegisterExtension
  static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

  private Connection connection;

  @BeforeEach
  void freshTables() throws Exception {
    connection = postgres.getPostgresDatabase().getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS orders, events, pipeline_loads CASCADE");
    }
    PostgresTables.ensure(connection, KEYED, "orders");
    PostgresTables.ensure(connection, KEYLESS, "events");
  }

  @Test
  void aFirstLoadGoesStraightIntoTheTableInManyChunksWithEveryRowsLineage() throws Exception {
    Load load = load("orders", KEYED, "in/a.csv", "v1", csv(0, 5_000), SMALL);

    assertThat(load.staged()).isFalse();
    assertThat(count("orders")).isEqualTo(5_000);
    assertThat(
            text(
                "SELECT note || '|' || amount || '|' || _dp_source_key || '|' || _dp_source_version"
                    + " || '|' || _dp_line FROM orders WHERE id = 1234"))
        .isEqualTo("n1234|12.34|in/a.csv|v1|1236"); // the header is line 1
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT DISTINCT _dp_loaded_at, _dp_source_key FROM orders")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(1, OffsetDateTime.class))
          .isEqualTo(
              OffsetDateTime.parse("2026-12-03T10:15:30.123456Z")
                  .withOffsetSameInstant(ZoneOffset.UTC));
      assertThat(rs.next()).as("one load time and one object for every row").isFalse();
    }
  }

  @Test
  void aKeyRepeatedInALaterChunkKeepsItsLastRowAndEveryRowOfTheChunksBefore() throws Exception {
    String csv = csv(0, 5_000) + "10,last,0.10\n" + "4990,later,0.20\n";

    Load load = load("orders", KEYED, "in/a.csv", "v1", csv, SMALL);

    assertThat(load.staged()).as("handed over to the staging table").isTrue();
    assertThat(count("orders")).isEqualTo(5_000);
    assertThat(text("SELECT note || '|' || _dp_line FROM orders WHERE id = 10"))
        .isEqualTo("last|5002");
    assertThat(text("SELECT note FROM orders WHERE id = 4990")).isEqualTo("later");
    assertThat(text("SELECT note FROM orders WHERE id = 11")).isEqualTo("n11");
  }

  @Test
  void aKeyRepeatedInsideTheFirstChunkKeepsItsLastRow() throws Exception {
    Load load = load("orders", KEYED, "in/a.csv", "v1", "id,note,amount\n1,a,1\n1,b,2\n", SMALL);

    assertThat(load.staged()).isTrue();
    assertThat(text("SELECT note || '|' || amount FROM orders")).isEqualTo("b|2.00");
  }

  @Test
  void aKeyAnotherObjectLoadedIsTakenOverByTheLaterFile() throws Exception {
    load("orders", KEYED, "in/a.csv", "v1", csv(4_000, 4_100), SMALL);

    Load load = load("orders", KEYED, "in/b.csv", "v1", csv(0, 5_000), SMALL);

    assertThat(load.staged()).isTrue();
    assertThat(count("orders")).isEqualTo(5_000);
    assertThat(text("SELECT _dp_source_key FROM orders WHERE id = 4050")).isEqualTo("in/b.csv");
    assertThat(text("SELECT count(*) FROM orders WHERE _dp_source_key = 'in/a.csv'"))
        .isEqualTo("0");
  }

  @Test
  void pastTheChunkLimitTheRestGoesThroughTheStagingTable() throws Exception {
    Load load =
        load("orders", KEYED, "in/a.csv", "v1", csv(0, 5_000), new DirectCopy.Chunks(8 << 10, 3));

    assertThat(load.staged()).isTrue();
    assertThat(count("orders")).isEqualTo(5_000);
    assertThat(text("SELECT count(DISTINCT _dp_source_version) FROM orders")).isEqualTo("1");
  }

  @Test
  void aKeylessFirstLoadGoesStraightInWithEveryRepeatedRow() throws Exception {
    String csv = csv(0, 3_000) + "7,n7,0.07\n7,n7,0.07\n";

    Load load = load("events", KEYLESS, "in/e.csv", "v1", csv, SMALL);

    assertThat(load.staged()).isFalse();
    assertThat(count("events")).isEqualTo(3_002);
    assertThat(text("SELECT count(*) FROM events WHERE id = 7")).isEqualTo("3");
  }

  @Test
  void aNewVersionDeletesThePreviousVersionsRowsAndGoesStraightIn() throws Exception {
    load("orders", KEYED, "in/a.csv", "v1", csv(0, 5_000), SMALL);
    load("orders", KEYED, "in/other.csv", "v1", csv(9_000, 9_010), SMALL);

    Load reload = load("orders", KEYED, "in/a.csv", "v2", csv(0, 3_000), SMALL);

    assertThat(reload.staged()).isFalse();
    assertThat(count("orders")).isEqualTo(3_010);
    assertThat(text("SELECT string_agg(DISTINCT _dp_source_version, ',') FROM orders"))
        .isEqualTo("v1,v2");
    assertThat(text("SELECT count(*) FROM orders WHERE _dp_source_key = 'in/a.csv'"))
        .isEqualTo("3000");
  }

  @Test
  void theKeysANewVersionDropsAreReportedOnceAndOnlyThose() throws Exception {
    load("orders", KEYED, "in/a.csv", "v1", csv(0, 100), SMALL);
    List<Object> dropped = new ArrayList<>();

    // 50..149, and 60 again at the end: the last chunk breaks the key and hands over.
    load("orders", KEYED, "in/a.csv", "v2", csv(50, 150) + "60,again,0.60\n", SMALL, dropped);

    assertThat(dropped).containsExactlyInAnyOrderElementsOf(ids(0, 50));
    assertThat(text("SELECT note FROM orders WHERE id = 60")).isEqualTo("again");
    assertThat(count("orders")).isEqualTo(100);
  }

  @Test
  void aShorterKeylessVersionReportsTheLinesItNoLongerHas() throws Exception {
    load("events", KEYLESS, "in/e.csv", "v1", csv(0, 10), SMALL);
    List<Object> dropped = new ArrayList<>();

    Load reload = load("events", KEYLESS, "in/e.csv", "v2", csv(0, 7), SMALL, dropped);

    assertThat(reload.staged()).isFalse();
    assertThat(dropped).containsExactlyInAnyOrder(9L, 10L, 11L); // lines of rows 7, 8, 9
    assertThat(count("events")).isEqualTo(7);
  }

  private static List<Object> ids(int from, int to) {
    List<Object> ids = new ArrayList<>();
    for (long i = from; i < to; i++) {
      ids.add(i);
    }
    return ids;
  }

  @Test
  void anyOtherFailureInALaterChunkFailsTheLoadAndLeavesNothing() throws Exception {
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE orders ADD CONSTRAINT no_bad_notes CHECK (note <> 'bad')");
    }
    String csv = csv(0, 5_000) + "9999,bad,1\n";
    PostgresCopySink sink =
        sink("orders", KEYED, "in/a.csv", "v1", SMALL, new boolean[1], DroppedKeys.NONE);

    assertThatThrownBy(
            () -> {
              convert(KEYED, csv, sink);
              sink.finish();
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no_bad_notes");
    sink.abort();

    assertThat(count("orders")).isZero();
    assertThat(connection.getAutoCommit()).isTrue();
  }

  @Test
  void aViolationFoundWhileTheChunkIsStillBeingSentKeepsTheLastRowToo() throws Exception {
    // One default-sized chunk: the server rejects row 2 long before the client ends the COPY.
    String csv = "id,note,amount\n0,first,1\n" + csv(0, 150_000).substring(15);

    Load load = load("orders", KEYED, "in/a.csv", "v1", csv, DirectCopy.Chunks.DEFAULT);

    assertThat(load.staged()).isTrue();
    assertThat(count("orders")).isEqualTo(150_000);
    assertThat(text("SELECT note || '|' || _dp_line FROM orders WHERE id = 0")).isEqualTo("n0|3");
  }

  private record Load(boolean staged) {}

  private Load load(
      String table, Schema schema, String key, String version, String csv, DirectCopy.Chunks chunks)
      throws Exception {
    return load(table, schema, key, version, csv, chunks, null);
  }

  /** Loads {@code csv}; with {@code dropped} non-null, collects the dropped keys' first values. */
  private Load load(
      String table,
      Schema schema,
      String key,
      String version,
      String csv,
      DirectCopy.Chunks chunks,
      List<Object> dropped)
      throws Exception {
    boolean[] staged = new boolean[1];
    DroppedKeys told =
        dropped == null ? DroppedKeys.NONE : keys -> keys.forEach(k -> dropped.add(k[0]));
    PostgresCopySink sink = sink(table, schema, key, version, chunks, staged, told);
    try {
      convert(schema, csv, sink);
      sink.finish();
    } catch (Exception e) {
      sink.abort();
      throw e;
    }
    return new Load(staged[0]);
  }

  private PostgresCopySink sink(
      String table,
      Schema schema,
      String key,
      String version,
      DirectCopy.Chunks chunks,
      boolean[] staged,
      DroppedKeys dropped)
      throws SQLException {
    return new PostgresCopySink(
        connection,
        schema,
        table,
        new PostgresCopySink.Lineage(key, version, LOADED_AT),
        c -> staged[0] = stageExists(c),
        dropped,
        PostgresCopySink.Staging.onKeyConflict(chunks));
  }

  private static void convert(Schema schema, String csv, PostgresCopySink sink) throws Exception {
    new CsvConverter(schema, 64)
        .convert(
            new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
            List.<RowSink>of(sink),
            new NoRejects());
  }

  private static boolean stageExists(Connection c) throws SQLException {
    try (Statement statement = c.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT to_regclass('pg_temp._dp_stage') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Rows {@code from} to {@code to} (exclusive): id i, note "n<i>", amount i / 100. */
  private static String csv(int from, int to) {
    StringBuilder csv = new StringBuilder("id,note,amount\n");
    for (int i = from; i < to; i++) {
      csv.append(i).append(",n").append(i).append(',').append(i / 100).append('.');
      csv.append(String.format("%02d", i % 100)).append('\n');
    }
    return csv.toString();
  }

  private long count(String table) throws SQLException {
    return Long.parseLong(text("SELECT count(*) FROM " + table));
  }

  private String text(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }
}
