package io.datapipeline.converter.postgres;

import io.datapipeline.converter.schema.Column;

/** The PostgreSQL type of each schema type (ARCHITECTURE.md's table). */
final class PgTypes {
  private PgTypes() {}

  static String ddl(Column column) {
    return switch (column.type()) {
      case STRING -> "text";
      case INT64 -> "bigint";
      case FLOAT64 -> "double precision";
      case DECIMAL -> "numeric(" + column.precision() + "," + column.scale() + ")";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp with time zone";
    };
  }

  /** How information_schema.columns describes the same type, to compare with a live table. */
  static String describe(String dataType, Integer precision, Integer scale) {
    return "numeric".equals(dataType) ? "numeric(" + precision + "," + scale + ")" : dataType;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
