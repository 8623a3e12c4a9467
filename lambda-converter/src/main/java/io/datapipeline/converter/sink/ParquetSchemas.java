package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.Schema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a CSV schema, per the type table: string -> BINARY (STRING), int64 ->
 * INT64, float64 -> DOUBLE, decimal -> INT64 (DECIMAL(p,s)) up to 18 digits and BINARY
 * (DECIMAL(p,s), the unscaled two's-complement bytes) beyond, boolean -> BOOLEAN, date -> INT32
 * (DATE), timestamp -> INT64 (TIMESTAMP(MICROS, UTC)). Nullable columns are optional, the others
 * required.
 */
public final class ParquetSchemas {

  /** Decimals of at most this many digits are stored as INT32 (the Parquet spec's bound). */
  static final int MAX_INT32_DECIMAL_PRECISION = 9;

  /** Decimals of at most this many digits are stored as INT64 (the Parquet spec's bound). */
  static final int MAX_INT64_DECIMAL_PRECISION = 18;

  private ParquetSchemas() {}

  public static MessageType of(Schema schema) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (Column column : schema.columns()) {
      message.addField(typeOf(column));
    }
    return message.named("row");
  }

  /**
   * Whether {@code column}'s unscaled decimals fit a long (INT32 or INT64, else BINARY): the same
   * bound as the typed rows' (a decimal kept as its unscaled long is written as one).
   */
  static boolean isLongDecimal(Column column) {
    return RowBatch.isLongDecimal(column);
  }

  static PrimitiveTypeName decimalType(Column column) {
    if (column.precision() <= MAX_INT32_DECIMAL_PRECISION) {
      return PrimitiveTypeName.INT32;
    }
    return isLongDecimal(column) ? PrimitiveTypeName.INT64 : PrimitiveTypeName.BINARY;
  }

  private static Type typeOf(Column column) {
    Type.Repetition repetition =
        column.isNullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    return switch (column.type()) {
      case STRING ->
          Types.primitive(PrimitiveTypeName.BINARY, repetition)
              .as(LogicalTypeAnnotation.stringType())
              .named(column.name());
      case INT64 -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(column.name());
      case FLOAT64 -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(column.name());
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(column.name());
      case DECIMAL ->
          Types.primitive(decimalType(column), repetition)
              .as(LogicalTypeAnnotation.decimalType(column.scale(), column.precision()))
              .named(column.name());
      case DATE ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.dateType())
              .named(column.name());
      case TIMESTAMP ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
              .named(column.name());
    };
  }
}
