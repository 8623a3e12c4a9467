package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The keys of one source object's rows in the data table, handed over in chunks (memory stays one
 * chunk whatever the object's size): the primary key's values, or for a keyless schema the line.
 * Optionally only the rows a staged new version lacks, or the keys of a snapshot the object no
 * longer has: what a replacement drops.
 */
final class ObjectRowKeys {

  private static final int CHUNK = 1000;

  private final Connection connection;
  private final Schema schema;
  private final String table;
  private final List<String> keys;

  /** The keys of rows in {@code table} (of {@code schema}), read through {@code connection}. */
  ObjectRowKeys(Connection connection, Schema schema, String table) {
    this.connection = connection;
    this.schema = schema;
    this.table = table;
    // The primary key's columns, or for a keyless schema the line.
    this.keys = schema.keyless() ? List.of("_dp_line") : schema.primaryKey();
  }

  /** Hands {@code consumer} the keys of {@code sourceKey}'s rows. */
  void all(String sourceKey, DroppedKeys consumer) throws Exception {
    select(
        "SELECT "
            + qualified("t")
            + " FROM "
            + PgTypes.quote(table)
            + " t WHERE t._dp_source_key = ?",
        sourceKey,
        consumer);
  }

  /**
   * Hands {@code consumer} the keys of {@code sourceKey}'s rows that have no row of the same key in
   * the (staging) table {@code staged}: what its staged new version drops.
   */
  void notStagedIn(String staged, String sourceKey, DroppedKeys consumer) throws Exception {
    select(
        "SELECT "
            + qualified("t")
            + " FROM "
            + PgTypes.quote(table)
            + " t WHERE t._dp_source_key = ? AND NOT EXISTS (SELECT 1 FROM "
            + staged
            + " s WHERE "
            + sameKey("s", "t")
            + ")",
        sourceKey,
        consumer);
  }

  /**
   * Copies the keys of {@code sourceKey}'s rows into a new temporary table {@code into} (dropped at
   * commit): what its previous version had, before a load deletes those rows.
   */
  void snapshot(String sourceKey, String into) throws SQLException {
    try (Statement create = connection.createStatement()) {
      create.execute(
          "CREATE TEMP TABLE "
              + into
              + " ON COMMIT DROP AS SELECT "
              + qualified("t")
              + " FROM "
              + PgTypes.quote(table)
              + " t WITH NO DATA");
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + into
                + " SELECT "
                + qualified("t")
                + " FROM "
                + PgTypes.quote(table)
                + " t WHERE t._dp_source_key = ?")) {
      insert.setString(1, sourceKey);
      insert.executeUpdate();
    }
  }

  /**
   * Hands {@code consumer} the keys of a {@link #snapshot} that {@code sourceKey} has no row of in
   * the table now: what its new version dropped.
   */
  void droppedSince(String snapshot, String sourceKey, DroppedKeys consumer) throws Exception {
    select(
        "SELECT "
            + qualified("p")
            + " FROM "
            + snapshot
            + " p WHERE NOT EXISTS (SELECT 1 FROM "
            + PgTypes.quote(table)
            + " t WHERE "
            + sameKey("t", "p")
            + " AND t._dp_source_key = ?)",
        sourceKey,
        consumer);
  }

  private String qualified(String alias) {
    return keys.stream().map(k -> alias + "." + PgTypes.quote(k)).collect(Collectors.joining(", "));
  }

  private String sameKey(String left, String right) {
    return keys.stream()
        .map(k -> left + "." + PgTypes.quote(k) + " = " + right + "." + PgTypes.quote(k))
        .collect(Collectors.joining(" AND "));
  }

  /** Runs {@code sql} (one parameter, the object's key) and hands its key rows over in chunks. */
  private void select(String sql, String sourceKey, DroppedKeys consumer) throws Exception {
    ColumnType[] types =
        schema.keyless()
            ? new ColumnType[] {ColumnType.INT64}
            : keys.stream()
                .map(k -> schema.columns().get(schema.indexOf(k)).type())
                .toArray(ColumnType[]::new);
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setFetchSize(CHUNK); // a cursor: the transaction is open, autocommit off
      select.setString(1, sourceKey);
      try (ResultSet rs = select.executeQuery()) {
        List<Object[]> chunk = new ArrayList<>();
        while (rs.next()) {
          Object[] key = new Object[types.length];
          for (int i = 0; i < types.length; i++) {
            key[i] = PgValues.read(rs, i + 1, types[i]);
          }
          chunk.add(key);
          if (chunk.size() == CHUNK) {
            consumer.drop(chunk);
            chunk = new ArrayList<>();
          }
        }
        if (!chunk.isEmpty()) {
          consumer.drop(chunk);
        }
      }
    }
  }
}
