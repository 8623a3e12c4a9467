package io.datapipeline.converter.sink;

import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;

/**
 * The Avro record schema the reference writer {@link AvroParquetSink} writes from (test scope),
 * mapping each column per the type table: string -> STRING, int64 -> INT64, float64 -> DOUBLE,
 * decimal -> DECIMAL(p,s), boolean -> BOOLEAN, date -> INT32 (DATE), timestamp -> INT64 (TIMESTAMP
 * micros, UTC). Nullable columns are optional, the others required.
 */
public final class AvroSchemas {
  private AvroSchemas() {}

  public static org.apache.avro.Schema of(Schema schema) {
    List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
    for (Column column : schema.columns()) {
      org.apache.avro.Schema type = typeOf(column);
      if (column.isNullable()) {
        type =
            org.apache.avro.Schema.createUnion(
                org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), type);
        fields.add(
            new org.apache.avro.Schema.Field(
                column.name(), type, null, org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE));
      } else {
        fields.add(new org.apache.avro.Schema.Field(column.name(), type));
      }
    }
    return org.apache.avro.Schema.createRecord("row", null, "io.datapipeline", false, fields);
  }

  private static org.apache.avro.Schema typeOf(Column column) {
    return switch (column.type()) {
      case STRING -> SchemaBuilder.builder().stringType();
      case INT64 -> SchemaBuilder.builder().longType();
      case FLOAT64 -> SchemaBuilder.builder().doubleType();
      case BOOLEAN -> SchemaBuilder.builder().booleanType();
      case DECIMAL ->
          LogicalTypes.decimal(column.precision(), column.scale())
              .addToSchema(SchemaBuilder.builder().bytesType());
      case DATE -> LogicalTypes.date().addToSchema(SchemaBuilder.builder().intType());
      case TIMESTAMP ->
          LogicalTypes.timestampMicros().addToSchema(SchemaBuilder.builder().longType());
    };
  }
}
