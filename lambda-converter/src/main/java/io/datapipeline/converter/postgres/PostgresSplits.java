package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.load.Precedence;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.split.SplitPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The ledger of split loads in PostgreSQL, the commit point of a split version as of a whole file
 * (docs/contracts.md "Large files"): {@code pipeline_splits} has one row per split object version,
 * {@code pipeline_split_parts} one per byte range. Each part loads into a table of its own, {@code
 * dp_split_<split>_<part>} (made like the data table, loaded through the same {@link
 * PostgresCopySink}: a retried part replaces its own rows), and is marked {@code staged} in the
 * same transaction. The part that finds, under the split row's lock, every part staged moves all
 * part tables into the data table in one transaction with the audit row: the version appears whole
 * or not at all. A failed part marks the split {@code failed} under the same lock, so no later part
 * can commit it.
 */
public final class PostgresSplits {

  /** Where a split stands. */
  public enum Status {
    LOADING,
    COMMITTED,
    FAILED,
    SUPERSEDED;

    String sql() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Status of(String sql) {
      return valueOf(sql.toUpperCase(Locale.ROOT));
    }
  }

  /** A registered split: {@code created} false when the version had one already (redelivery). */
  public record Registration(long id, boolean created, Status status) {}

  /** One part as the ledger holds it, with its object. */
  public record Part(
      long splitId,
      int index,
      int parts,
      SourceFile source,
      SplitPlan.Range range,
      long headerEnd,
      long headerLines,
      Instant startedAt,
      Status splitStatus,
      boolean staged) {

    /** The table the part loads into. */
    public String table() {
      return partTable(splitId, index);
    }
  }

  /** The totals of a split's staged parts. */
  public record Totals(long rowsLoaded, long rowsRejected, String absentColumns) {}

  private final PostgresSession session;
  private final String table;
  private boolean ready;

  public PostgresSplits(PostgresSession session, String table) {
    this.session = session;
    this.table = table;
  }

  static String partTable(long splitId, int part) {
    return "dp_split_" + splitId + "_" + part;
  }

  /** Creates the ledger tables (once per container). */
  public void ensure() throws SQLException {
    if (ready) {
      return;
    }
    DdlTransaction.run(
        session.connect(),
        statement -> {
          statement.execute(
              "CREATE TABLE IF NOT EXISTS pipeline_splits (id bigserial PRIMARY KEY,"
                  + " source_bucket text NOT NULL, source_key text NOT NULL,"
                  + " source_version text NOT NULL, source_version_id text, source_etag text,"
                  + " source_sequencer text, event_time timestamptz, size bigint NOT NULL,"
                  + " parts int NOT NULL, header_end bigint NOT NULL,"
                  + " header_lines bigint NOT NULL, status text NOT NULL,"
                  + " started_at timestamptz NOT NULL, finished_at timestamptz,"
                  + " UNIQUE (source_bucket, source_key, source_version))");
          statement.execute(
              "CREATE TABLE IF NOT EXISTS pipeline_split_parts (split_id bigint NOT NULL"
                  + " REFERENCES pipeline_splits ON DELETE CASCADE, part int NOT NULL,"
                  + " range_start bigint NOT NULL, range_end bigint NOT NULL,"
                  + " first_line bigint NOT NULL, staged boolean NOT NULL DEFAULT false,"
                  + " rows_loaded bigint, rows_rejected bigint, absent_columns text,"
                  + " PRIMARY KEY (split_id, part))");
        });
    ready = true;
  }

  /**
   * Records the split of {@code source} by {@code plan}; a version split before keeps its split
   * (the S3 event was delivered again), and the caller sends its pending parts again.
   */
  public Registration register(SourceFile source, SplitPlan plan, Instant started)
      throws SQLException {
    return transaction(session.forFile(), connection -> insert(connection, source, plan, started));
  }

  private static Registration insert(
      Connection connection, SourceFile source, SplitPlan plan, Instant started)
      throws SQLException {
    {
      Registration existing = find(connection, source);
      if (existing != null) {
        return existing;
      }
      long id;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO pipeline_splits (source_bucket, source_key, source_version,"
                  + " source_version_id, source_etag, source_sequencer, event_time, size, parts,"
                  + " header_end, header_lines, status, started_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loading', ?)"
                  + " ON CONFLICT DO NOTHING RETURNING id")) {
        insert.setString(1, source.bucket());
        insert.setString(2, source.key());
        insert.setString(3, source.version());
        insert.setString(4, source.versionId());
        insert.setString(5, source.eTag());
        insert.setString(6, source.sequencer());
        insert.setTimestamp(
            7, source.eventTime() == null ? null : Timestamp.from(source.eventTime()));
        insert.setLong(8, plan.size());
        insert.setInt(9, plan.ranges().size());
        insert.setLong(10, plan.headerEnd());
        insert.setLong(11, plan.headerLines());
        insert.setTimestamp(12, Timestamp.from(started));
        try (ResultSet rs = insert.executeQuery()) {
          if (!rs.next()) { // registered concurrently by another delivery of the event
            return find(connection, source);
          }
          id = rs.getLong(1);
        }
      }
      try (PreparedStatement part =
          connection.prepareStatement(
              "INSERT INTO pipeline_split_parts (split_id, part, range_start, range_end,"
                  + " first_line) VALUES (?, ?, ?, ?, ?)")) {
        for (SplitPlan.Range range : plan.ranges()) {
          part.setLong(1, id);
          part.setInt(2, range.index());
          part.setLong(3, range.start());
          part.setLong(4, range.end());
          part.setLong(5, range.firstLine());
          part.addBatch();
        }
        part.executeBatch();
      }
      return new Registration(id, true, Status.LOADING);
    }
  }

  private static Registration find(Connection connection, SourceFile source) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id, status FROM pipeline_splits WHERE source_bucket = ? AND source_key = ?"
                + " AND source_version = ?")) {
      select.setString(1, source.bucket());
      select.setString(2, source.key());
      select.setString(3, source.version());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next()
            ? new Registration(rs.getLong(1), false, Status.of(rs.getString(2)))
            : null;
      }
    }
  }

  /** The indexes of the parts not staged yet. */
  public List<Integer> pendingParts(long splitId) throws SQLException {
    List<Integer> pending = new ArrayList<>();
    try (PreparedStatement select =
        session
            .forFile()
            .prepareStatement(
                "SELECT part FROM pipeline_split_parts WHERE split_id = ? AND NOT staged"
                    + " ORDER BY part")) {
      select.setLong(1, splitId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          pending.add(rs.getInt(1));
        }
      }
    }
    return pending;
  }

  /** One part with its split; null when the ledger has no such part. */
  public Part part(long splitId, int index) throws SQLException {
    try (PreparedStatement select =
        session
            .connect()
            .prepareStatement(
                "SELECT s.source_bucket, s.source_key, s.source_version_id, s.source_etag,"
                    + " s.size, s.event_time, s.source_sequencer, s.parts, s.header_end,"
                    + " s.header_lines, s.started_at, s.status, p.range_start, p.range_end,"
                    + " p.first_line, p.staged FROM pipeline_splits s JOIN pipeline_split_parts p"
                    + " ON p.split_id = s.id WHERE s.id = ? AND p.part = ?")) {
      select.setLong(1, splitId);
      select.setInt(2, index);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Timestamp eventTime = rs.getTimestamp(6);
        SourceFile source =
            new SourceFile(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                eventTime == null ? null : eventTime.toInstant(),
                rs.getString(7));
        return new Part(
            splitId,
            index,
            rs.getInt(8),
            source,
            new SplitPlan.Range(index, rs.getLong(13), rs.getLong(14), rs.getLong(15)),
            rs.getLong(9),
            rs.getLong(10),
            rs.getTimestamp(11).toInstant(),
            Status.of(rs.getString(12)),
            rs.getBoolean(16));
      }
    }
  }

  /**
   * Opens the load of one part into its own table, in a transaction that holds the part's row (a
   * second delivery of the same part waits) and, at commit, marks it staged with its counts. Null
   * when, once the row is held, the part turns out staged already or its split settled: a
   * concurrent delivery did the work, and this one must write nothing.
   */
  public PostgresCopySink openPart(Part part, Schema schema, PartCounts counts)
      throws SQLException {
    Connection connection = session.forFile();
    connection.setAutoCommit(false);
    try (PreparedStatement lock =
            connection.prepareStatement(
                "SELECT p.staged, s.status FROM pipeline_split_parts p JOIN pipeline_splits s"
                    + " ON s.id = p.split_id WHERE p.split_id = ? AND p.part = ? FOR UPDATE OF p");
        Statement statement = connection.createStatement()) {
      lock.setLong(1, part.splitId());
      lock.setInt(2, part.index());
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next() || rs.getBoolean(1) || Status.of(rs.getString(2)) != Status.LOADING) {
          rollback(connection);
          return null;
        }
      }
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + part.table()
              + " (LIKE "
              + PgTypes.quote(table)
              + " INCLUDING ALL)");
    } catch (SQLException e) {
      rollback(connection);
      throw e;
    }
    return new PostgresCopySink(
        connection,
        schema,
        part.table(),
        PostgresCopySink.Lineage.of(part.source(), part.startedAt()),
        c -> markStaged(c, part, counts.get()),
        DroppedKeys.NONE,
        PostgresCopySink.Staging.ALWAYS);
  }

  /** What a part loaded, asked at its commit. */
  @FunctionalInterface
  public interface PartCounts {
    Totals get();
  }

  private static void markStaged(Connection connection, Part part, Totals counts)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pipeline_split_parts SET staged = true, rows_loaded = ?, rows_rejected = ?,"
                + " absent_columns = ? WHERE split_id = ? AND part = ?")) {
      update.setLong(1, counts.rowsLoaded());
      update.setLong(2, counts.rowsRejected());
      update.setString(3, counts.absentColumns());
      update.setLong(4, part.splitId());
      update.setInt(5, part.index());
      update.executeUpdate();
    }
  }

  /** Work inside the split's commit transaction, last (it rolls the commit back by throwing). */
  @FunctionalInterface
  public interface InCommit {
    void run(Connection connection) throws Exception;
  }

  /** How a commit attempt ended. */
  public enum CommitResult {
    /** This call committed the version. */
    COMMITTED,
    /** Parts are still loading: a later part commits. */
    NOT_YET,
    /** The split was committed, failed or superseded before: nothing to do. */
    SETTLED,
    /** A newer version of the object was loaded meanwhile: the caller undoes this one's items. */
    SUPERSEDED
  }

  /**
   * Commits the split when every part is staged, under the split row's lock: the staged rows
   * replace the object's rows in the data table ({@link PostgresCopySink}: delete, upsert, the last
   * line winning for a key repeated across parts), {@code audit} of the totals is written, the
   * split marked committed and the part tables dropped, all in one transaction. {@code dropped} is
   * told the keys the previous version had and this one has not; {@code beforeCommit} runs inside
   * the transaction last (outputs published, items of keys repeated across parts re-put).
   */
  public CommitResult commitIfComplete(
      long splitId,
      Schema schema,
      DroppedKeys dropped,
      Function<Totals, AuditEntry> audit,
      InCommit beforeCommit)
      throws Exception {
    Connection connection = session.forFile();
    connection.setAutoCommit(false);
    Part any;
    Totals totals;
    try {
      Status status = lockSplit(connection, splitId);
      if (status != Status.LOADING) {
        rollback(connection);
        return CommitResult.SETTLED;
      }
      totals = stagedTotals(connection, splitId);
      if (totals == null) {
        rollback(connection);
        return CommitResult.NOT_YET;
      }
      any = part(splitId, 0);
    } catch (SQLException e) {
      rollback(connection);
      throw e;
    }
    SourceFile source = any.source();
    PostgresCopySink sink =
        new PostgresCopySink(
            connection,
            schema,
            table,
            PostgresCopySink.Lineage.of(source, any.startedAt()),
            c -> {
              LoadAudit.insert(c, audit.apply(totals));
              try {
                beforeCommit.run(c); // while the part tables still stand
              } catch (SQLException e) {
                throw e;
              } catch (Exception e) {
                throw new SQLException("before the split's commit: " + e.getMessage(), e);
              }
              settle(c, splitId, Status.COMMITTED, any.parts());
            },
            dropped,
            PostgresCopySink.Staging.ALWAYS);
    try {
      // Under the object's lock now (the sink took it): decide as a whole-file load would.
      Precedence precedence =
          LoadAudit.precedence(
              connection, source.bucket(), source.key(), source.version(), source.sequencer());
      if (precedence != Precedence.NEW) {
        sink.abort();
        return CommitResult.SUPERSEDED;
      }
      String columns = PostgresCopySink.stagedColumns(schema);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO "
                + PostgresCopySink.STAGE
                + " ("
                + columns
                + ") "
                + selectFromParts(splitId, any.parts(), columns));
      }
      sink.finish();
      return CommitResult.COMMITTED;
    } catch (Exception e) {
      sink.abort();
      throw e;
    }
  }

  /**
   * Marks the split failed (or superseded) under its lock, unless it settled already; {@code audit}
   * is written in the same transaction when not null. The part tables stay: whoever undoes a part's
   * DynamoDB items drops its table after ({@link #dropPart}). Returns false when the split had
   * settled before (someone else failed or committed it).
   */
  public boolean fail(long splitId, Status status, AuditEntry audit) throws SQLException {
    return transaction(
        session.connect(),
        connection -> {
          if (lockSplit(connection, splitId) != Status.LOADING) {
            return false;
          }
          if (audit != null) {
            LoadAudit.insert(connection, audit);
          }
          settle(connection, splitId, status, 0);
          return true;
        });
  }

  /** Drops one part's table, after its DynamoDB items were undone. */
  public void dropPart(Part part) throws SQLException {
    try (Statement statement = session.connect().createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + part.table());
    }
  }

  /**
   * Hands {@code consumer} the keys of the rows one part table holds (what that part wrote to
   * DynamoDB), in chunks; nothing when the table does not exist (the part never staged).
   */
  public void forEachKeyOfPart(Part part, Schema schema, DroppedKeys consumer) throws Exception {
    Connection connection = session.connect();
    connection.setAutoCommit(false); // a cursor needs a transaction
    try {
      if (exists(connection, part.table())) {
        new ObjectRowKeys(connection, schema, part.table()).all(part.source().key(), consumer);
      }
    } finally {
      rollback(connection);
    }
  }

  /**
   * Inside the commit: the keys that more than one part table holds (a key repeated across parts,
   * whose DynamoDB item the parts raced for).
   */
  public static void forEachKeyInSeveralParts(
      Connection connection, long splitId, int parts, Schema schema, DroppedKeys consumer)
      throws Exception {
    if (parts < 2 || schema.keyless()) {
      return; // a keyless row is its line: no two parts share one
    }
    String keys = String.join(", ", schema.primaryKey().stream().map(PgTypes::quote).toList());
    String union = selectFromParts(splitId, parts, keys);
    String temp = "_dp_split_repeated";
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE "
              + temp
              + " ON COMMIT DROP AS SELECT "
              + keys
              + ", "
              + "''::text AS _dp_source_key FROM ("
              + union
              + ") k GROUP BY "
              + keys
              + " HAVING count(*) > 1");
    }
    new ObjectRowKeys(connection, schema, temp).all("", consumer);
  }

  /** Work in a transaction of its own: returning commits it, throwing rolls it back. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private static <T> T transaction(Connection connection, Work<T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Ends the connection's transaction writing nothing, and returns it to auto-commit mode. */
  private static void rollback(Connection connection) throws SQLException {
    connection.rollback();
    connection.setAutoCommit(true);
  }

  private static boolean exists(Connection connection, String table) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?)")) {
      select.setString(1, table);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() && rs.getString(1) != null;
      }
    }
  }

  private static Status lockSplit(Connection connection, long splitId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT status FROM pipeline_splits WHERE id = ? FOR UPDATE")) {
      select.setLong(1, splitId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("split " + splitId + " is not in pipeline_splits");
        }
        return Status.of(rs.getString(1));
      }
    }
  }

  /** The totals when every part is staged, or null. */
  private static Totals stagedTotals(Connection connection, long splitId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT bool_and(staged), sum(rows_loaded), sum(rows_rejected),"
                + " min(absent_columns) FROM pipeline_split_parts WHERE split_id = ?")) {
      select.setLong(1, splitId);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return null;
        }
        return new Totals(rs.getLong(2), rs.getLong(3), rs.getString(4));
      }
    }
  }

  private static void settle(Connection connection, long splitId, Status status, int parts)
      throws SQLException {
    try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE pipeline_splits SET status = ?, finished_at = now() WHERE id = ?");
        Statement statement = connection.createStatement()) {
      update.setString(1, status.sql());
      update.setLong(2, splitId);
      update.executeUpdate();
      for (int p = 0; p < parts; p++) {
        statement.execute("DROP TABLE IF EXISTS " + partTable(splitId, p));
      }
    }
  }

  /** {@code columns} of every part table of the split, as one {@code UNION ALL}. */
  private static String selectFromParts(long splitId, int parts, String columns) {
    StringBuilder union = new StringBuilder();
    for (int p = 0; p < parts; p++) {
      union
          .append(p == 0 ? "" : " UNION ALL ")
          .append("SELECT ")
          .append(columns)
          .append(" FROM ")
          .append(partTable(splitId, p));
    }
    return union.toString();
  }
}
