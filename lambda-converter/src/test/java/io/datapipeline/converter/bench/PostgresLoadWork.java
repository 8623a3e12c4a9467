package io.datapipeline.converter.bench;

import com.sun.management.ThreadMXBean;
import io.datapipeline.converter.NoRejects;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.postgres.PostgresCopySink;
import io.datapipeline.converter.postgres.PostgresTables;
import io.datapipeline.converter.schema.Schema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * The work of the PostgreSQL load against a plain COPY, in measures that do not depend on how busy
 * the machine is (issue 16; {@code bench/postgres-load.sh} times them on a quiet machine): WAL
 * bytes per row ({@code pg_current_wal_lsn} before and after, one connection at a time), the size
 * of the staging table at commit, the server backend's CPU seconds ({@code /proc/<pid>/stat} of
 * {@code pg_backend_pid()}, the server being local) and the client thread's CPU and allocation.
 * Cases: plain {@code COPY (FORMAT csv)} into a table like the data table, the converter's first
 * load of the object, and a reload (a new version replacing every row).
 *
 * <p>{@code java -cp <test classpath> io.datapipeline.converter.bench.PostgresLoadWork [ROWS]}
 * (embedded PostgreSQL; the orders file of {@link BenchOrdersCsv} in {@code target/bench}).
 */
public final class PostgresLoadWork {
  private PostgresLoadWork() {}

  private static final String TABLE = "work_orders";
  private static final String PLAIN = "work_orders_plain";

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
    Path csv = BenchInputs.orders(rows);
    Schema schema = BenchInputs.ordersSchema();
    try (EmbeddedPostgres postgres =
            EmbeddedPostgres.builder().setServerConfig("max_wal_size", "4GB").start();
        Connection c = postgres.getPostgresDatabase().getConnection()) {
      PostgresTables.ensure(c, schema, TABLE);
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE " + PLAIN + " (LIKE " + TABLE + " INCLUDING DEFAULTS INCLUDING INDEXES)");
        for (String lineage : PostgresTables.LINEAGE) {
          s.execute("ALTER TABLE " + PLAIN + " ALTER COLUMN " + lineage + " DROP NOT NULL");
        }
      }
      String columns =
          schema.columns().stream().map(col -> col.name()).collect(Collectors.joining(", "));
      for (int round = 0; round < 2; round++) { // the first warms the JIT and the server up
        truncate(c, PLAIN);
        truncate(c, TABLE);
        Work plain = plain(c, csv, columns);
        Work load = load(c, schema, csv, "v" + round + "a");
        Work reload = load(c, schema, csv, "v" + round + "b");
        if (round == 1) {
          report("plain-copy", plain, rows);
          report("load", load, rows);
          report("reload", reload, rows);
        }
      }
    }
  }

  /** What one case cost; stage bytes only for a load. */
  private record Work(
      long walBytes, long stageBytes, double serverCpu, long clientNanos, long clientBytes) {}

  private static void report(String what, Work work, long rows) {
    System.out.printf(
        "PGWORK case=%s rows=%d wal_bytes_per_row=%.1f stage_bytes_per_row=%.1f"
            + " server_cpu_s=%.3f client_cpu_s=%.3f client_alloc_bytes_per_row=%.1f%n",
        what,
        rows,
        work.walBytes() / (double) rows,
        work.stageBytes() / (double) rows,
        work.serverCpu(),
        work.clientNanos() / 1e9,
        work.clientBytes() / (double) rows);
  }

  private static Work plain(Connection c, Path csv, String columns) throws Exception {
    long wal0 = lsn(c);
    double cpu0 = backendCpu(c);
    long[] client0 = client();
    try (InputStream in = Files.newInputStream(csv)) {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY " + PLAIN + " (" + columns + ") FROM STDIN (FORMAT csv, HEADER)", in);
    }
    long[] client1 = client();
    return new Work(
        lsn(c) - wal0, 0, backendCpu(c) - cpu0, client1[0] - client0[0], client1[1] - client0[1]);
  }

  private static Work load(Connection c, Schema schema, Path csv, String version) throws Exception {
    long wal0 = lsn(c);
    double cpu0 = backendCpu(c);
    long[] client0 = client();
    long[] stage = new long[1];
    PostgresCopySink sink =
        new PostgresCopySink(
            c,
            schema,
            TABLE,
            new PostgresCopySink.Lineage(
                "incoming/2026/12/02/orders-from-the-shop.csv",
                "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY" + version,
                Instant.now()),
            connection -> stage[0] = stageSize(connection),
            DroppedKeys.NONE,
            PostgresCopySink.Staging.ON_KEY_CONFLICT);
    try (InputStream in = Files.newInputStream(csv)) {
      new CsvConverter(schema).convert(in, List.<RowSink>of(sink), new NoRejects());
      sink.finish();
    } catch (Exception e) {
      sink.abort();
      throw e;
    }
    long[] client1 = client();
    return new Work(
        lsn(c) - wal0,
        stage[0],
        backendCpu(c) - cpu0,
        client1[0] - client0[0],
        client1[1] - client0[1]);
  }

  /** The staging table's size at commit; 0 when the load went straight into the table. */
  private static long stageSize(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT coalesce(pg_total_relation_size(to_regclass('pg_temp._dp_stage')), 0)")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static long lsn(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The server backend's user + system CPU seconds so far (clock ticks of 1/100 s). */
  private static double backendCpu(Connection c) throws Exception {
    int pid;
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      pid = r.getInt(1);
    }
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** {CPU nanoseconds, allocated bytes} of this thread so far. */
  private static long[] client() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    return new long[] {
      threads.getCurrentThreadCpuTime(),
      threads.getThreadAllocatedBytes(Thread.currentThread().getId())
    };
  }

  private static void truncate(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + table);
    }
  }
}
