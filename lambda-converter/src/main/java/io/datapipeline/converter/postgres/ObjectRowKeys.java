package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The keys of one source object's rows in the data table, handed over in chunks (memory stays one
 * chunk whatever the object's size): the primary key's values, or for a keyless schema the line.
 * Optionally only the rows a staged new version lacks: what a replacement drops.
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
    List<String> keys = schema.keyless() ? List.of("_dp_line") : schema.primaryKey();
    ColumnType[] types =
        schema.keyless()
            ? new ColumnType[] {ColumnType.INT64}
            : keys.stream()
                .map(k -> schema.columns().get(schema.indexOf(k)).type())
                .toArray(ColumnType[]::new);
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(
                keys.stream().map(k -> "t." + PgTypes.quote(k)).collect(Collectors.joining(", ")))
            .append(" FROM ")
            .append(PgTypes.quote(table))
            .append(" t WHERE t._dp_source_key = ?");
    if (stagedIn != null) {
      sql.append(" AND NOT EXISTS (SELECT 1 FROM ")
          .append(stagedIn)
          .append(" s WHERE ")
          .append(
              keys.stream()
                  .map(k -> "s." + PgTypes.quote(k) + " = t." + PgTypes.quote(k))
                  .collect(Collectors.joining(" AND ")))
          .append(')');
    }
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
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
