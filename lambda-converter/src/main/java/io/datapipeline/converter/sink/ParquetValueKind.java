package io.datapipeline.converter.sink;

import io.datapipeline.converter.schema.Column;

/**
 * How a column's typed values are handed to Parquet, decided once per column ({@link
 * ParquetSchemas}' physical types): decimals as their unscaled int or long up to 18 digits, dates
 * as days, timestamps as microseconds.
 */
enum ParquetValueKind {
  STRING,
  INT64,
  FLOAT64,
  BOOLEAN,
  INT32_DECIMAL,
  INT64_DECIMAL,
  BINARY_DECIMAL,
  DATE,
  TIMESTAMP;

  static ParquetValueKind of(Column column) {
    return switch (column.type()) {
      case STRING -> STRING;
      case INT64 -> INT64;
      case FLOAT64 -> FLOAT64;
      case BOOLEAN -> BOOLEAN;
      case DECIMAL ->
          switch (ParquetSchemas.decimalType(column)) {
            case INT32 -> INT32_DECIMAL;
            case INT64 -> INT64_DECIMAL;
            default -> BINARY_DECIMAL;
          };
      case DATE -> DATE;
      case TIMESTAMP -> TIMESTAMP;
    };
  }
}
