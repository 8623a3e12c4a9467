package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Hands the converter's typed rows (a {@link RowBatch}'s columns) to Parquet's record consumer
 * directly: one switch per value on a kind decided once per column (decimals as their unscaled int
 * or long), instead of parquet-avro's per-value schema and union resolution and its ByteBuffer per
 * decimal.
 */
final class RowWriteSupport extends WriteSupport<RowWriteSupport.RowRef> {

  /** The row to write: reused for every row of every batch (ParquetWriter keeps no record). */
  static final class RowRef {
    RowBatch batch;
    int row;
  }

  private final MessageType messageType;
  private final String[] names;
  private final ParquetValueKind[] kinds;
  private final int[] scales;
  private final EncodedStrings<Binary>[] binaries;
  private RecordConsumer consumer;

  RowWriteSupport(Schema schema) {
    this.messageType = ParquetSchemas.of(schema);
    int n = schema.columns().size();
    names = new String[n];
    kinds = new ParquetValueKind[n];
    scales = new int[n];
    binaries = RowBatchColumns.stringBinaries(schema);
    for (int i = 0; i < n; i++) {
      Column column = schema.columns().get(i);
      names[i] = column.name();
      kinds[i] = ParquetValueKind.of(column);
      scales[i] = column.type() == ColumnType.DECIMAL ? column.scale() : 0;
    }
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(messageType, Map.of());
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(messageType, Map.of());
  }

  @Override
  public String getName() {
    return "datapipeline-converter";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(RowRef ref) {
    RecordConsumer out = consumer;
    RowBatch batch = ref.batch;
    int row = ref.row;
    out.startMessage();
    for (int i = 0; i < kinds.length; i++) {
      if (batch.isNull(row, i)) {
        continue; // an optional field left out is a null (a required one never gets here)
      }
      out.startField(names[i], i);
      switch (kinds[i]) {
        case STRING -> out.addBinary(binaries[i].of(batch.getString(row, i)));
        case INT64, TIMESTAMP, INT64_DECIMAL -> out.addLong(batch.getLong(row, i));
        case FLOAT64 -> out.addDouble(batch.getDouble(row, i));
        case BOOLEAN -> out.addBoolean(batch.getBoolean(row, i));
        case DATE -> out.addInteger(batch.getInt(row, i));
        case INT32_DECIMAL -> out.addInteger((int) batch.getLong(row, i));
        case BINARY_DECIMAL ->
            out.addBinary(
                Binary.fromConstantByteArray(
                    batch.getDecimal(row, i).unscaledValue().toByteArray()));
      }
      out.endField(names[i], i);
    }
    out.endMessage();
  }
}
