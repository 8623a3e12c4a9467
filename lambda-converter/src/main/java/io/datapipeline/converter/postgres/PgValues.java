package io.datapipeline.converter.postgres;

import io.datapipeline.converter.schema.ColumnType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** Reads a column back into the converter's own typing of values (the inverse of COPY's). */
final class PgValues {
  private PgValues() {}

  static Object read(ResultSet rs, int index, ColumnType type) throws SQLException {
    Object value =
        switch (type) {
          case STRING -> rs.getString(index);
          case INT64 -> rs.getLong(index);
          case FLOAT64 -> rs.getDouble(index);
          case DECIMAL -> rs.getBigDecimal(index);
          case BOOLEAN -> rs.getBoolean(index);
          case DATE -> {
            LocalDate day = rs.getObject(index, LocalDate.class);
            yield day == null ? null : (int) day.toEpochDay();
          }
          case TIMESTAMP -> {
            Timestamp at = rs.getTimestamp(index);
            yield at == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant());
          }
        };
    return rs.wasNull() ? null : value;
  }
}
