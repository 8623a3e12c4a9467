package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 *
 * <p>The staging table holds the data columns and the line only: the other lineage columns (the
 * object's key and version, the load's time) are the same for every row of a load, so the move into
 * the data table adds them as parameters instead of the COPY sending and the staging table storing
 * them once per row.
 *
 * <p>{@link Staging#ON_KEY_CONFLICT} (a whole file's load) skips the staging table: the previous
 * version's rows are deleted first (their keys kept in a temporary table when {@code dropped} must
 * hear which ones the new version lacks), then the rows are COPYed straight into the data table
 * ({@link DirectCopy}); only from a chunk that breaks the primary key (a key of another object, or
 * one repeated in the file) on do they go through a (wide) staging table and the upsert.
 */
public final class PostgresCopySink implements RowSink {

  /** Runs inside the load's transaction just before commit (the audit row). */
  @FunctionalInterface
  public interface BeforeCommit {
    void run(Connection connection) throws SQLException;
  }

  /**
   * The lineage every row of one load shares: the object's key and version, and when the load
   * started.
   */
  public record Lineage(String sourceKey, String sourceVersion, Instant loadedAt) {

    /** The lineage of a load of {@code source} that started at {@code loadedAt}. */
    public static Lineage of(SourceFile source, Instant loadedAt) {
      return new Lineage(source.key(), source.version(), loadedAt);
    }
  }

  /** The temporary staging table (the split commit fills it from the part tables). */
  static final String STAGE = "_dp_stage";

  /** Whether a load's rows always go through the staging table. */
  public static final class Staging {
    /** Always (a split's parts and commit: the commit fills the staging table itself). */
    public static final Staging ALWAYS = new Staging(null);

    /**
     * Rows go straight into the table ({@link DirectCopy}); only from a chunk that breaks the
     * primary key on do they go through the staging table.
     */
    public static final Staging ON_KEY_CONFLICT = new Staging(DirectCopy.Chunks.DEFAULT);

    /** How a direct COPY is cut; null: always staged. */
    private final DirectCopy.Chunks chunks;

    private Staging(DirectCopy.Chunks chunks) {
      this.chunks = chunks;
    }

    /** {@link #ON_KEY_CONFLICT} with the direct COPY cut in {@code chunks} (tests cut small). */
    static Staging onKeyConflict(DirectCopy.Chunks chunks) {
      return new Staging(chunks);
    }
  }

  /** The keys the object's previous version had, kept for {@link #dropped} (a temporary table). */
  static final String PREVIOUS_KEYS = "_dp_previous_keys";

  /** Where this load's rows are going. */
  private enum Path {
    /** Not decided until the first rows (or the finish). */
    UNDECIDED,
    /** The staging table with the data columns and the line ({@link Staging#ALWAYS}). */
    STAGED,
    /** Straight into the data table. */
    DIRECT,
    /** Straight in at first, the rest into a staging table with every lineage column. */
    DIRECT_THEN_STAGED
  }

  private final Connection connection;
  private final Schema schema;
  private final String table;
  private final String sourceKey;
  private final String sourceVersion;
  private final OffsetDateTime loadedAt;
  private final BeforeCommit beforeCommit;
  private final DroppedKeys dropped;
  private final boolean[] isString;
  private final DirectCopy.Chunks chunks;

  /** The lineage every row of a direct COPY carries after its line, encoded once. */
  private final byte[] lineageFields;

  private Path path;
  private DirectCopy direct;
  private boolean previousKeysKept;
  private PGCopyOutputStream copy;
  private PgBinaryRowWriter writer;
  private boolean done;

  /**
   * {@code dropped} is told, before the commit, the keys the previous version of this object had
   * and this one has not.
   */
  public PostgresCopySink(
      Connection connection,
      Schema schema,
      String table,
      Lineage lineage,
      BeforeCommit beforeCommit,
      DroppedKeys dropped,
      Staging staging)
      throws SQLException {
    this.chunks = staging.chunks;
    this.connection = connection;
    this.schema = schema;
    this.table = table;
    this.sourceKey = lineage.sourceKey();
    this.sourceVersion = lineage.sourceVersion();
    // PostgreSQL keeps microseconds: truncated, as the binary COPY of it used to be.
    this.loadedAt =
        OffsetDateTime.ofInstant(lineage.loadedAt().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    this.lineageFields =
        PgBinaryRowWriter.constantFields(sourceKey, sourceVersion, loadedAt.toInstant());
    this.beforeCommit = beforeCommit;
    this.dropped = dropped;
    this.isString = new boolean[schema.columns().size()];
    for (int i = 0; i < isString.length; i++) {
      isString[i] = schema.columns().get(i).type() == ColumnType.STRING;
    }
    // Loads of one object serialize here until commit or rollback: a concurrent delivery of the
    // same object waits, then sees this load in pipeline_loads (skipped or superseded).
    ObjectTransaction.begin(connection, table, sourceKey);
    if (chunks == null) {
      createStage(stagedColumns(schema));
      path = Path.STAGED;
    } else {
      path = Path.UNDECIDED;
    }
  }

  /**
   * A staging table of the data table's {@code columns} (their types; a keyless table numbers its
   * rows itself).
   */
  private void createStage(String columns) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE "
              + STAGE
              + " ON COMMIT DROP AS SELECT "
              + columns
              + " FROM "
              + PgTypes.quote(table)
              + " WITH NO DATA");
    }
  }

  /**
   * Decides on the first rows (or at finish): until then the connection stays free for the load's
   * other statements in the same transaction (the audit's ordering check). Under the object's lock,
   * its previous version's rows go (after their keys, when {@link #dropped} must hear of the ones
   * this version lacks), so the new rows can go straight in.
   */
  private void decide() throws Exception {
    if (path != Path.UNDECIDED) {
      return;
    }
    if (ObjectTransaction.loadedVersion(connection, table, sourceKey) != null) {
      if (dropped != DroppedKeys.NONE) {
        new ObjectRowKeys(connection, schema, table).snapshot(sourceKey, PREVIOUS_KEYS);
        previousKeysKept = true;
      }
      ObjectTransaction.deleteRows(connection, table, sourceKey);
    }
    direct =
        new DirectCopy(
            connection,
            "COPY "
                + PgTypes.quote(table)
                + " ("
                + directColumns(schema)
                + ") FROM STDIN (FORMAT binary)",
            !schema.keyless(),
            lineageFields,
            chunks);
    path = Path.DIRECT;
  }

  /**
   * The staging COPY, started on first use: into the staged columns ({@link Path#STAGED}) or, once
   * a direct COPY handed over, every column it sends.
   */
  private PgBinaryRowWriter writer() throws SQLException {
    if (writer == null) {
      String columns = path == Path.STAGED ? stagedColumns(schema) : directColumns(schema);
      copy =
          new PGCopyOutputStream(
              connection.unwrap(PGConnection.class),
              "COPY " + STAGE + " (" + columns + ") FROM STDIN (FORMAT binary)",
              1 << 16);
      writer = new PgBinaryRowWriter(new BufferedOutputStream(copy, 1 << 16));
      try {
        writer.header();
      } catch (IOException e) {
        throw new SQLException("starting COPY into " + table + ": " + e.getMessage(), e);
      }
    }
    return writer;
  }

  /**
   * The direct COPY hands over to a staging table of its columns: the rows of a chunk that broke
   * the primary key ({@code keptRows}) and every later row go there, for the upsert.
   */
  private void handOver(boolean keptRows) throws SQLException, IOException {
    path = Path.DIRECT_THEN_STAGED;
    createStage(directColumns(schema));
    if (keptRows) {
      direct.keptRows(writer());
    }
  }

  @Override
  public Stage stage() {
    return Stage.POSTGRES;
  }

  /** PostgreSQL text cannot hold U+0000: such a row is rejected, not the whole COPY failed. */
  @Override
  public String refuse(RowBatch batch, int row) {
    for (int i = 0; i < batch.columns(); i++) {
      if (isString[i] && !batch.isNull(row, i) && batch.getString(row, i).indexOf('\u0000') >= 0) {
        return "column '"
            + schema.columns().get(i).name()
            + "': a NUL character (U+0000) cannot be stored in PostgreSQL text";
      }
    }
    return null;
  }

  @Override
  public void write(RowBatch batch) throws Exception {
    decide();
    if (path == Path.DIRECT && direct.full()) {
      handOver(false);
    }
    switch (path) {
      case DIRECT -> {
        if (!direct.write(batch)) {
          handOver(true);
        }
      }
      case STAGED -> {
        PgBinaryRowWriter writer = writer();
        for (int i = 0; i < batch.size(); i++) {
          writer.row(batch, i, batch.line(i));
        }
      }
      case DIRECT_THEN_STAGED -> {
        PgBinaryRowWriter writer = writer();
        for (int i = 0; i < batch.size(); i++) {
          writer.row(batch, i, batch.line(i), lineageFields, 3);
        }
      }
      case UNDECIDED -> throw new IllegalStateException("decided above");
    }
  }

  @Override
  public void finish() throws Exception {
    decide();
    if (path == Path.DIRECT && !direct.finish()) {
      handOver(true);
    }
    if (path != Path.DIRECT) {
      writer().trailer();
      copy.endCopy();
      if (path == Path.STAGED) {
        if (dropped != DroppedKeys.NONE) {
          reportDroppedKeys();
        }
        ObjectTransaction.deleteRows(connection, table, sourceKey);
      }
      upsert();
    }
    if (previousKeysKept) {
      new ObjectRowKeys(connection, schema, table).droppedSince(PREVIOUS_KEYS, sourceKey, dropped);
    }
    commit();
  }

  private void commit() throws SQLException {
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
    new ObjectRowKeys(connection, schema, table).notStagedIn(STAGE, sourceKey, dropped);
  }

  /**
   * Moves the staged rows into the table. Most files bring new keys, so a plain INSERT is tried
   * first (measured ~40% cheaper than INSERT ... ON CONFLICT); a key already in the table makes it
   * an upsert, and a key repeated in the file an upsert of the last row per key (a sort).
   */
  private void upsert() throws SQLException {
    if (schema.keyless()) { // every row is new: this object's rows were deleted just before
      move(insertSql());
      return;
    }
    if (tryInSavepoint(insertSql(), "23505")) { // unique_violation
      return;
    }
    if (tryInSavepoint(upsertSql(false), "21000")) { // ON CONFLICT cannot affect a row twice
      return;
    }
    move(upsertSql(true));
  }

  /** Runs a move of the staged rows; its parameters are the load's constant lineage. */
  private void move(String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, sourceKey);
      statement.setString(2, sourceVersion);
      statement.setObject(3, loadedAt);
      statement.executeUpdate();
    }
  }

  /** Runs {@code sql}; false when it failed with {@code expectedState} (then rolled back). */
  private boolean tryInSavepoint(String sql, String expectedState) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try {
      move(sql);
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
    return "INSERT INTO "
        + PgTypes.quote(table)
        + " ("
        + columnList()
        + ") SELECT "
        + movedValues()
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
                + movedValues()
                + " FROM "
                + STAGE
                + " ORDER BY "
                + keys
                + ", _dp_line DESC"
            : "SELECT " + movedValues() + " FROM " + STAGE;
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

  /** The data table's columns a load writes: the data, then the lineage. */
  private String columnList() {
    return dataColumns(schema) + ", " + String.join(", ", PostgresTables.LINEAGE);
  }

  /**
   * What a direct COPY sends: the data, the line, then the lineage every row of the load shares (in
   * the order {@link PgBinaryRowWriter#constantFields} encodes it).
   */
  private static String directColumns(Schema schema) {
    return dataColumns(schema) + ", _dp_line, _dp_source_key, _dp_source_version, _dp_loaded_at";
  }

  /**
   * The staging table's columns: the data and the line (the load's key, version and time are added
   * by its move into the data table).
   */
  static String stagedColumns(Schema schema) {
    return dataColumns(schema) + ", _dp_line";
  }

  /** What a move selects from the staging table for {@link #columnList()}, in its order. */
  private String movedValues() {
    return dataColumns(schema)
        + ", CAST(? AS text), CAST(? AS text), _dp_line, CAST(? AS timestamptz)";
  }

  private static String dataColumns(Schema schema) {
    List<String> names = new ArrayList<>();
    for (Column column : schema.columns()) {
      names.add(PgTypes.quote(column.name()));
    }
    return String.join(", ", names);
  }

  @Override
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    if (direct != null) {
      direct.abort();
    }
    try {
      if (copy != null && copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException ignored) {
      // the rollback below discards the COPY anyway
    }
    ObjectTransaction.rollbackQuietly(connection);
  }
}
