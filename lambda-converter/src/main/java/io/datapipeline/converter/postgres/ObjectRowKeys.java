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

  private ObjectRowKeys() {}

  /**
   * Hands {@code consumer} the keys of {@code sourceKey}'s rows; with {@code stagedIn} non-null,
   * only those with no row of the same key in that (staging) table.
   */
  static void forEach(
      Connection connection,
      Schema schema,
      String table,
      String sourceKey,
      String stagedIn,
      DroppedKeys consumer)
      throws Exception {
    List<String> keys = keyColumns(schema);
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(qualified("t", keys))
            .append(" FROM ")
            .append(PgTypes.quote(table))
            .append(" t WHERE t._dp_source_key = ?");
    if (stagedIn != null) {
      sql.append(" AND NOT EXISTS (SELECT 1 FROM ")
          .append(stagedIn)
          .append(" s WHERE ")
          .append(sameKey("s", "t", keys))
          .append(')');
    }
    select(connection, schema, sql.toString(), sourceKey, consumer);
  }

  /**
   * Copies the keys of {@code sourceKey}'s rows into a new temporary table {@code into} (dropped at
   * commit): what its previous version had, before a load deletes those rows.
   */
  static void snapshot(
      Connection connection, Schema schema, String table, String sourceKey, String into)
      throws SQLException {
    String keys = qualified("t", keyColumns(schema));
    try (Statement create = connection.createStatement()) {
      create.execute(
          "CREATE TEMP TABLE "
              + into
              + " ON COMMIT DROP AS SELECT "
              + keys
              + " FROM "
              + PgTypes.quote(table)
              + " t WITH NO DATA");
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + into
                + " SELECT "
                + keys
                + " FROM "
                + PgTypes.quote(table)
                + " t WHERE t._dp_source_key = ?")) {
      insert.setString(1, sourceKey);
      insert.executeUpdate();
    }
  }

  /**
   * Hands {@code consumer} the keys of a {@link #snapshot} that {@code sourceKey} has no row of in
   * {@code table} now: what its new version dropped.
   */
  static void forEachDropped(
      Connection connection,
      Schema schema,
      String table,
      String sourceKey,
      String snapshot,
      DroppedKeys consumer)
      throws Exception {
    List<String> keys = keyColumns(schema);
    String sql =
        "SELECT "
            + qualified("p", keys)
            + " FROM "
            + snapshot
            + " p WHERE NOT EXISTS (SELECT 1 FROM "
            + PgTypes.quote(table)
            + " t WHERE "
            + sameKey("t", "p", keys)
            + " AND t._dp_source_key = ?)";
    select(connection, schema, sql, sourceKey, consumer);
  }

  /** The primary key's columns, or for a keyless schema the line. */
  private static List<String> keyColumns(Schema schema) {
    return schema.keyless() ? List.of("_dp_line") : schema.primaryKey();
  }

  private static String qualified(String alias, List<String> keys) {
    return keys.stream().map(k -> alias + "." + PgTypes.quote(k)).collect(Collectors.joining(", "));
  }

  private static String sameKey(String left, String right, List<String> keys) {
    return keys.stream()
        .map(k -> left + "." + PgTypes.quote(k) + " = " + right + "." + PgTypes.quote(k))
        .collect(Collectors.joining(" AND "));
  }

  /** Runs {@code sql} (one parameter, the object's key) and hands its key rows over in chunks. */
  private static void select(
      Connection connection, Schema schema, String sql, String sourceKey, DroppedKeys consumer)
      throws Exception {
    ColumnType[] types =
        schema.keyless()
            ? new ColumnType[] {ColumnType.INT64}
            : schema.primaryKey().stream()
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
