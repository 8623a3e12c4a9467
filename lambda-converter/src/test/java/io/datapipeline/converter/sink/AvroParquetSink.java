package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The converter's Parquet writer as it was before {@link ParquetSink} (parquet-avro over a reusable
 * Avro view of each row), kept in test scope as the reference the new writer is compared with
 * ({@link ParquetWriterEquivalenceTest}) and measured against. Not shipped.
 */
public final class AvroParquetSink implements RowSink {

  private final Output output;
  private final ParquetWriter<IndexedRecord> writer;
  private final RowRecord record;

  public AvroParquetSink(Schema schema, Output output, CompressionCodecName codec)
      throws IOException {
    this.output = output;
    org.apache.avro.Schema avro = AvroSchemas.of(schema);
    this.record = new RowRecord(avro, schema);
    this.writer =
        AvroParquetWriter.<IndexedRecord>builder(new OutputParquetFile(output))
            .withConf(new PlainParquetConfiguration())
            .withDataModel(GenericData.get())
            .withSchema(avro)
            .withCodecFactory(new PlainCodecFactory())
            .withCompressionCodec(codec)
            .withRowGroupSize(ParquetSink.DEFAULT_ROW_GROUP_BYTES)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build();
  }

  @Override
  public Stage stage() {
    return Stage.UPLOAD;
  }

  @Override
  public void write(RowBatch batch) throws IOException {
    for (int i = 0; i < batch.size(); i++) {
      record.row = batch.row(i);
      writer.write(record);
    }
  }

  @Override
  public void finish() throws IOException {
    writer.close(); // writes the footer and closes (publishes) the output
  }

  @Override
  public void abort() {
    output.abort(); // the writer's buffers are dropped with it; no footer, nothing published
  }

  /** One reusable Avro view of a typed row; decimals become their unscaled bytes. */
  private static final class RowRecord implements IndexedRecord {
    private final org.apache.avro.Schema avro;
    private final boolean[] decimal;
    Object[] row;

    RowRecord(org.apache.avro.Schema avro, Schema schema) {
      this.avro = avro;
      this.decimal = new boolean[schema.columns().size()];
      for (int i = 0; i < decimal.length; i++) {
        decimal[i] = schema.columns().get(i).type() == ColumnType.DECIMAL;
      }
    }

    @Override
    public void put(int i, Object v) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(int i) {
      Object value = row[i];
      if (value != null && decimal[i]) {
        return ByteBuffer.wrap(((BigDecimal) value).unscaledValue().toByteArray());
      }
      return value;
    }

    @Override
    public org.apache.avro.Schema getSchema() {
      return avro;
    }
  }
}
