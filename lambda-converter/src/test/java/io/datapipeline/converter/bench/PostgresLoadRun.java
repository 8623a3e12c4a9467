package io.datapipeline.converter.bench;

import io.datapipeline.converter.NoRejects;
import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.postgres.PostgresCopySink;
import io.datapipeline.converter.postgres.PostgresDestination;
import io.datapipeline.converter.postgres.PostgresSession;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * {@code bench/postgres-load.sh}'s measurement, in one JVM against one PostgreSQL: the converter's
 * whole PostgreSQL load of a CSV (parse and type, binary COPY into the staging table, replace of
 * the object's previous rows, upsert, audit row, commit: {@link PostgresDestination}, as the Lambda
 * runs it) against a plain {@code COPY ... FROM STDIN (FORMAT csv, HEADER)} of the same file into a
 * table of the same column types and primary key, alternated, each round: plain, first load of the
 * object (its rows absent), plain, reload of the object (a new version replacing every row). The
 * first round warms both up and is not counted. Checks the row counts, then prints one line per
 * round and a last line {@code plain_s=<median> load_s=<median> reload_s=<median>}.
 *
 * <p>Arguments: {@code <jdbcUrl> <user> <schema.json> <csv> <rows> <rounds>}.
 */
public final class PostgresLoadRun {
  private PostgresLoadRun() {}

  private static final String TABLE = "bench_orders";
  private static final String PLAIN = "bench_orders_plain";

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: PostgresLoadRun <jdbcUrl> <user> <schema> <csv> <rows> <rounds>");
      System.exit(2);
    }
    String url = args[0];
    String user = args[1];
    Schema schema = SchemaLoader.parse(Files.readString(Path.of(args[2])));
    Path csv = Path.of(args[3]);
    long rows = Long.parseLong(args[4]);
    int rounds = Integer.parseInt(args[5]);

    PostgresSession session = new PostgresSession(() -> DriverManager.getConnection(url, user, ""));
    PostgresDestination destination = new PostgresDestination(session, TABLE, null);
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE + ", " + PLAIN + ", pipeline_loads");
    }
    destination.prepare(schema);
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      // The same column types, defaults and primary key; the lineage columns stay empty.
      s.execute(
          "CREATE TABLE " + PLAIN + " (LIKE " + TABLE + " INCLUDING DEFAULTS INCLUDING INDEXES)");
      try (ResultSet r =
          s.executeQuery(
              "SELECT column_name FROM information_schema.columns WHERE table_name = '"
                  + PLAIN
                  + "' AND column_name LIKE '\\_dp\\_%' AND is_nullable = 'NO'")) {
        List<String> lineage = new ArrayList<>();
        while (r.next()) {
          lineage.add(r.getString(1));
        }
        for (String column : lineage) {
          s.execute("ALTER TABLE " + PLAIN + " ALTER COLUMN " + column + " DROP NOT NULL");
        }
      }
    }

    List<Double> plain = new ArrayList<>();
    List<Double> load = new ArrayList<>();
    List<Double> reload = new ArrayList<>();
    String columns = String.join(", ", schema.columns().stream().map(c -> c.name()).toList());
    for (int round = 0; round <= rounds; round++) {
      double p1 = plainCopy(url, user, csv, columns, rows);
      truncate(url, user, TABLE);
      double l = wholeLoad(session, destination, schema, csv, rows, "v" + round + "a");
      double p2 = plainCopy(url, user, csv, columns, rows);
      double r = wholeLoad(session, destination, schema, csv, rows, "v" + round + "b");
      System.err.printf(
          "round %d%s: plain %.3fs load %.3fs plain %.3fs reload %.3fs%n",
          round, round == 0 ? " (warm-up)" : "", p1, l, p2, r);
      if (round > 0) {
        plain.add(p1);
        plain.add(p2);
        load.add(l);
        reload.add(r);
      }
    }
    session.close();
    System.out.printf(
        "plain_s=%.3f load_s=%.3f reload_s=%.3f%n", median(plain), median(load), median(reload));
  }

  private static double plainCopy(String url, String user, Path csv, String columns, long rows)
      throws Exception {
    truncate(url, user, PLAIN);
    try (Connection c = DriverManager.getConnection(url, user, "");
        InputStream in = Files.newInputStream(csv)) {
      long started = System.nanoTime();
      long copied =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY " + PLAIN + " (" + columns + ") FROM STDIN (FORMAT csv, HEADER)", in);
      double seconds = (System.nanoTime() - started) / 1e9;
      if (copied != rows) {
        throw new IllegalStateException("plain COPY: " + copied + " rows, expected " + rows);
      }
      return seconds;
    }
  }

  private static double wholeLoad(
      PostgresSession session,
      PostgresDestination destination,
      Schema schema,
      Path csv,
      long rows,
      String version)
      throws Exception {
    SourceFile source =
        new SourceFile(
            "bench", "incoming/orders.csv", version, null, Files.size(csv), Instant.now(), null);
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    session.connect();
    ConversionResult[] result = new ConversionResult[1];
    PostgresCopySink sink =
        destination.open(
            source,
            schema,
            started,
            () ->
                new AuditEntry(
                    source,
                    "success",
                    null,
                    result[0].rowsLoaded(),
                    0,
                    source.size(),
                    started,
                    Instant.now(),
                    null,
                    null),
            DroppedKeys.NONE);
    try (InputStream in = Files.newInputStream(csv)) {
      result[0] = new CsvConverter(schema).convert(in, List.<RowSink>of(sink), new NoRejects());
      sink.finish();
    } catch (Exception e) {
      sink.abort();
      throw e;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long count = count(session.connect(), TABLE);
    if (count != rows) {
      throw new IllegalStateException("whole load: " + count + " rows, expected " + rows);
    }
    return seconds;
  }

  private static void truncate(String url, String user, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + table);
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
