package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.CommittedRows;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The data table's committed rows by primary key (keyless: by line of one object), on the session's
 * connection. {@code sourceKey}: the object whose rows a keyless schema's keys (lines) are.
 */
public record PostgresCommittedRows(
    PostgresSession session, Schema schema, String table, String sourceKey)
    implements CommittedRows {

  @Override
  public List<Row> find(List<Object[]> keys) throws SQLException {
    List<Row> found = new ArrayList<>(keys.size());
    if (keys.isEmpty()) {
      return found;
    }
    if (schema.keyless()) {
      return findLines(keys);
    }
    List<String> keyNames = schema.primaryKey();
    int[] keyIndex = keyNames.stream().mapToInt(schema::indexOf).toArray();
    String tuple = "(" + keyNames.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
    String sql =
        selectRows()
            + " WHERE ("
            + keyNames.stream().map(PgTypes::quote).collect(Collectors.joining(", "))
            + ") IN ("
            + String.join(", ", Collections.nCopies(keys.size(), tuple))
            + ")";
    Map<List<Object>, Row> byKey = new HashMap<>();
    Connection connection = session.forFile();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int p = 1;
      for (Object[] key : keys) {
        for (int k = 0; k < keyIndex.length; k++) {
          bind(select, p++, schema.columns().get(keyIndex[k]).type(), key[k]);
        }
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Row row = row(rs);
          Object[] key = new Object[keyIndex.length];
          for (int k = 0; k < keyIndex.length; k++) {
            key[k] = row.values()[keyIndex[k]];
          }
          byKey.put(Arrays.asList(key), row);
        }
      }
    }
    for (Object[] key : keys) {
      found.add(byKey.get(Arrays.asList(key)));
    }
    return found;
  }

  /**
   * A keyless schema's keys are lines of one object: the failed load's object. Its committed rows
   * at those lines are the previous version's.
   */
  private List<Row> findLines(List<Object[]> keys) throws SQLException {
    String sql = selectRows() + " WHERE _dp_source_key = ? AND _dp_line = ANY (?)";
    Map<Long, Row> byLine = new HashMap<>();
    Connection connection = session.forFile();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, sourceKey);
      select.setArray(
          2, connection.createArrayOf("bigint", keys.stream().map(k -> k[0]).toArray()));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Row row = row(rs);
          byLine.put(row.line(), row);
        }
      }
    }
    List<Row> found = new ArrayList<>(keys.size());
    for (Object[] key : keys) {
      found.add(byLine.get((Long) key[0]));
    }
    return found;
  }

  /** The schema's columns, then the lineage: what {@link #row} reads back. */
  private String selectRows() {
    return "SELECT "
        + schema.columns().stream()
            .map(c -> PgTypes.quote(c.name()))
            .collect(Collectors.joining(", "))
        + ", _dp_source_key, _dp_source_version, _dp_line FROM "
        + PgTypes.quote(table);
  }

  /** The current row of a {@link #selectRows} result. */
  private Row row(ResultSet rs) throws SQLException {
    int n = schema.columns().size();
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = PgValues.read(rs, i + 1, schema.columns().get(i).type());
    }
    return new Row(values, rs.getString(n + 1), rs.getString(n + 2), rs.getLong(n + 3));
  }

  private static void bind(PreparedStatement statement, int index, ColumnType type, Object value)
      throws SQLException {
    switch (type) {
      case STRING -> statement.setString(index, (String) value);
      case INT64 -> statement.setLong(index, (Long) value);
      case FLOAT64 -> statement.setDouble(index, (Double) value);
      case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
      case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
      case DATE -> statement.setObject(index, LocalDate.ofEpochDay((Integer) value));
      case TIMESTAMP -> {
        long micros = (Long) value;
        Instant at =
            Instant.EPOCH
                .plusSeconds(Math.floorDiv(micros, 1_000_000L))
                .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000L);
        statement.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      }
    }
  }
}
