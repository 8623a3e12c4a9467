package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.Schema;
import java.io.IOException;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The previous Parquet writer, kept as the reference of {@code ParquetRowGroupsBytesTest}:
 * parquet-hadoop's {@code ParquetWriter} over {@link RowWriteSupport} (the record-consumer path),
 * with {@link ParquetSink}'s settings and dictionary choices. The sink as it was up to the direct
 * column writers.
 */
final class RecordConsumerParquetSink implements RowSink {

  private final Schema schema;
  private final Output output;
  private final CompressionCodecName codec;
  private final long rowGroupBytes;
  private ParquetWriter<RowWriteSupport.RowRef> writer;
  private final RowWriteSupport.RowRef ref = new RowWriteSupport.RowRef();

  RecordConsumerParquetSink(
      Schema schema, Output output, CompressionCodecName codec, long rowGroupBytes) {
    this.schema = schema;
    this.output = output;
    this.codec = codec;
    this.rowGroupBytes = rowGroupBytes;
  }

  private ParquetWriter<RowWriteSupport.RowRef> open(RowBatch first) throws IOException {
    Builder builder =
        new Builder(new OutputParquetFile(output), new RowWriteSupport(schema))
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new PlainCodecFactory())
            .withCompressionCodec(codec)
            .withRowGroupSize(rowGroupBytes)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
    if (schema.primaryKey().size() == 1) {
      builder.withDictionaryEncoding(schema.primaryKey().get(0), false);
    }
    for (String column : ParquetSink.allDistinctColumns(schema, first)) {
      builder.withDictionaryEncoding(column, false);
    }
    return builder.build();
  }

  @Override
  public Stage stage() {
    return Stage.UPLOAD;
  }

  @Override
  public void write(RowBatch batch) throws IOException {
    if (writer == null) {
      writer = open(batch);
    }
    ref.batch = batch;
    for (int i = 0; i < batch.size(); i++) {
      ref.row = i;
      writer.write(ref);
    }
    ref.batch = null; // the batch is the caller's again
  }

  @Override
  public void finish() throws IOException {
    if (writer == null) {
      writer = open(null); // no rows: still a valid file with the schema
    }
    writer.close(); // writes the footer and closes (publishes) the output
  }

  @Override
  public void abort() {
    output.abort(); // the writer's buffers are dropped with it; no footer, nothing published
  }

  /** ParquetWriter's builder over our write support (its constructors are protected). */
  private static final class Builder
      extends ParquetWriter.Builder<RowWriteSupport.RowRef, Builder> {
    private final RowWriteSupport support;

    Builder(OutputParquetFile file, RowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<RowWriteSupport.RowRef> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    @Override
    protected WriteSupport<RowWriteSupport.RowRef> getWriteSupport(
        org.apache.hadoop.conf.Configuration conf) {
      return support;
    }
  }
}
