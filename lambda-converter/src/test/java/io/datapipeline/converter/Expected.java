package io.datapipeline.converter;

import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * What a CSV field should become, computed with plain java.time and BigDecimal, independently of
 * the converter's fast parsers. Dates as ISO text, timestamps as epoch microseconds.
 */
public final class Expected {
  private Expected() {}

  public static Object value(Schema schema, Column column, String text) {
    if (text == null || schema.nullValues().contains(text)) {
      return null;
    }
    return switch (column.type()) {
      case STRING -> text;
      case INT64 -> Long.parseLong(text.strip());
      case FLOAT64 -> Double.parseDouble(text.strip());
      case DECIMAL -> new BigDecimal(text.strip()).setScale(column.scale());
      case BOOLEAN -> Boolean.parseBoolean(text.strip());
      case DATE ->
          LocalDate.parse(
                  text.strip(),
                  DateTimeFormatter.ofPattern(
                      column.format() == null ? "yyyy-MM-dd" : column.format()))
              .toString();
      case TIMESTAMP -> {
        ZoneId zone = ZoneId.of(column.timeZone() == null ? "UTC" : column.timeZone());
        Instant instant =
            column.format() == null
                ? Instant.parse(text.strip())
                : LocalDateTime.parse(text.strip(), DateTimeFormatter.ofPattern(column.format()))
                    .atZone(zone)
                    .toInstant();
        yield ChronoUnit.MICROS.between(Instant.EPOCH, instant);
      }
    };
  }

  /** The SQL that reads a Parquet column back in the comparable form of {@link #value}. */
  public static String duckDbSelect(Column column) {
    return switch (column.type()) {
      case DATE -> "CAST(\"" + column.name() + "\" AS VARCHAR) AS \"" + column.name() + "\"";
      case TIMESTAMP -> "epoch_us(\"" + column.name() + "\") AS \"" + column.name() + "\"";
      default -> "\"" + column.name() + "\"";
    };
  }
}
