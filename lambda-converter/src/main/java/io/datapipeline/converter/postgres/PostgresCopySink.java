package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.Schema;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Loads one file's rows into the data table in one transaction: binary COPY into a temporary
 * staging table, then the rows of the previous load of the same object are deleted and the new ones
 * upserted by primary key (a later row wins, in the file and across files, as in DynamoDB), or for
 * a keyless schema inserted, every one (a row is its object and line). The rows appear all together
 * at commit, or not at all.
 */
public final class PostgresCopySink implements RowSink {

  /** Runs inside the load's transaction just before commit (the audit row). */
  @FunctionalInterface
  public interface BeforeCommit {
    void run(Connection connection) throws SQLException;
  }

  /** The temporary staging table (the split commit fills it from the part tables). */
  static final String STAGE = "_dp_stage";

  private final Connection connection;
  private final Schema schema;
  private final String table;
  private final String sourceKey;
  private final byte[] sourceKeyBytes;
  private final byte[] sourceVersionBytes;
  private final long loadedAtMicros;
  private final BeforeCommit beforeCommit;
  private final DroppedKeys dropped;
  private PGCopyOutputStream copy;
  private PgBinaryRowWriter writer;
  private boolean done;

  public PostgresCopySink(
      Connection connection,
      Schema schema,
      String table,
      String sourceKey,
      String sourceVersion,
      Instant loadedAt,
      BeforeCommit beforeCommit)
      throws SQLException {
    this(
        connection,
        schema,
        table,
        sourceKey,
        sourceVersion,
        loadedAt,
        beforeCommit,
        DroppedKeys.NONE);
  }

  /**
   * {@code dropped} is told, before the commit, the keys the previous version of this object had
   * and this one has not.
   */
  public PostgresCopySink(
      Connection connection,
      Schema schema,
      String table,
      String sourceKey,
      String sourceVersion,
      Instant loadedAt,
      BeforeCommit beforeCommit,
      DroppedKeys dropped)
      throws SQLException {
    PostgresTables.validateName(table);
    this.connection = connection;
    this.schema = schema;
    this.table = table;
    this.sourceKey = sourceKey;
    this.sourceKeyBytes = sourceKey.getBytes(StandardCharsets.UTF_8);
    this.sourceVersionBytes = sourceVersion.getBytes(StandardCharsets.UTF_8);
    this.loadedAtMicros = ChronoUnit.MICROS.between(Instant.EPOCH, loadedAt);
    this.beforeCommit = beforeCommit;
    this.dropped = dropped;
    connection.setAutoCommit(false);
    // Loads of one object serialize here until commit or rollback: a concurrent delivery of the
    // same object waits, then sees this load in pipeline_loads (skipped or superseded).
    ObjectLock.acquire(connection, table, sourceKey);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE "
              + STAGE
              + " (LIKE "
              + PgTypes.quote(table)
              + " INCLUDING DEFAULTS) ON COMMIT DROP");
      if (schema.keyless()) { // the table numbers the rows itself
        statement.execute("ALTER TABLE " + STAGE + " DROP COLUMN " + PostgresTables.ROW_ID);
      }
    }
  }

  /**
   * Starts the COPY on the first rows (or at finish): until then the connection stays free for the
   * load's other statements in the same transaction (the audit's ordering check).
   */
  private PgBinaryRowWriter writer() throws SQLException {
    if (writer == null) {
      copy =
          new PGCopyOutputStream(
              connection.unwrap(PGConnection.class),
              "COPY " + STAGE + " (" + columnList() + ") FROM STDIN (FORMAT binary)",
              1 << 16);
      writer =
          new PgBinaryRowWriter(
              new BufferedOutputStream(copy, 1 << 16),
              schema.columns().stream()
                  .map(Column::type)
                  .toArray(io.datapipeline.converter.schema.ColumnType[]::new));
      try {
        writer.header();
      } catch (java.io.IOException e) {
        throw new SQLException("starting COPY into " + table + ": " + e.getMessage(), e);
      }
    }
    return writer;
  }

  @Override
  public Stage stage() {
    return Stage.POSTGRES;
  }

  /** PostgreSQL text cannot hold U+0000: such a row is rejected, not the whole COPY failed. */
  @Override
  public String refuse(Object[] row) {
    for (int i = 0; i < row.length; i++) {
      if (row[i] instanceof String s && s.indexOf('\u0000') >= 0) {
        return "column '"
            + schema.columns().get(i).name()
            + "': a NUL character (U+0000) cannot be stored in PostgreSQL text";
      }
    }
    return null;
  }

  @Override
  public void write(RowBatch batch) throws java.io.IOException, SQLException {
    PgBinaryRowWriter writer = writer();
    for (int i = 0; i < batch.size(); i++) {
      writer.row(batch.row(i), sourceKeyBytes, sourceVersionBytes, batch.line(i), loadedAtMicros);
    }
  }

  @Override
  public void finish() throws Exception {
    writer().trailer();
    copy.endCopy();
    if (dropped != DroppedKeys.NONE) {
      reportDroppedKeys();
    }
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM " + PgTypes.quote(table) + " WHERE _dp_source_key = ?")) {
      delete.setString(1, sourceKey);
      delete.executeUpdate();
    }
    upsert();
    beforeCommit.run(connection);
    connection.commit();
    done = true;
    connection.setAutoCommit(true); // after the commit: nothing open to be committed by this
  }

  /**
   * Tells {@link #dropped} the keys of this object's current rows that the staged version lacks, in
   * chunks (a replaced file may drop many rows; memory stays one chunk).
   */
  private void reportDroppedKeys() throws Exception {
    ObjectRowKeys.forEach(connection, schema, table, sourceKey, STAGE, dropped);
  }

  /**
   * Moves the staged rows into the table. Most files bring new keys, so a plain INSERT is tried
   * first (measured ~40% cheaper than INSERT ... ON CONFLICT); a key already in the table makes it
   * an upsert, and a key repeated in the file an upsert of the last row per key (a sort).
   */
  private void upsert() throws SQLException {
    if (schema.keyless()) { // every row is new: this object's rows were deleted just before
      try (Statement statement = connection.createStatement()) {
        statement.execute(insertSql());
      }
      return;
    }
    if (tryInSavepoint(insertSql(), "23505")) { // unique_violation
      return;
    }
    if (tryInSavepoint(upsertSql(false), "21000")) { // ON CONFLICT cannot affect a row twice
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(upsertSql(true));
    }
  }

  /** Runs {@code sql}; false when it failed with {@code expectedState} (then rolled back). */
  private boolean tryInSavepoint(String sql, String expectedState) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
      connection.releaseSavepoint(savepoint);
      return true;
    } catch (SQLException e) {
      if (!expectedState.equals(e.getSQLState())) {
        throw e;
      }
      connection.rollback(savepoint);
      return false;
    }
  }

  private String insertSql() {
    String columns = columnList();
    return "INSERT INTO "
        + PgTypes.quote(table)
        + " ("
        + columns
        + ") SELECT "
        + columns
        + " FROM "
        + STAGE;
  }

  private String upsertSql(boolean lastRowPerKeyOnly) {
    String columns = columnList();
    String keys =
        schema.primaryKey().stream().map(PgTypes::quote).collect(Collectors.joining(", "));
    List<String> updates = new ArrayList<>();
    for (Column column : schema.columns()) {
      if (!schema.primaryKey().contains(column.name())) {
        updates.add(PgTypes.quote(column.name()) + " = EXCLUDED." + PgTypes.quote(column.name()));
      }
    }
    for (String lineage : PostgresTables.LINEAGE) {
      updates.add(lineage + " = EXCLUDED." + lineage);
    }
    String select =
        lastRowPerKeyOnly
            ? "SELECT DISTINCT ON ("
                + keys
                + ") "
                + columns
                + " FROM "
                + STAGE
                + " ORDER BY "
                + keys
                + ", _dp_line DESC"
            : "SELECT " + columns + " FROM " + STAGE;
    return "INSERT INTO "
        + PgTypes.quote(table)
        + " ("
        + columns
        + ") "
        + select
        + " ON CONFLICT ("
        + keys
        + ") DO UPDATE SET "
        + String.join(", ", updates);
  }

  private String columnList() {
    List<String> names = new ArrayList<>();
    for (Column column : schema.columns()) {
      names.add(PgTypes.quote(column.name()));
    }
    names.addAll(PostgresTables.LINEAGE);
    return String.join(", ", names);
  }

  @Override
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      if (copy != null && copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException ignored) {
      // the rollback below discards the COPY anyway
    }
    try {
      connection.rollback();
      connection.setAutoCommit(true); // the kept connection must not open a transaction by itself
    } catch (SQLException ignored) {
      // a broken connection rolls back by itself
    }
  }
}
