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
 * Writes the rows as one Parquet file through our own {@link RowWriteSupport}, without Hadoop at
 * run time. Memory is bounded by the row group size (a row group is buffered, encoded and
 * compressed, before it is written out).
 *
 * <p>Dictionary encoding stays on (Parquet's default: strings of few distinct values become small
 * integer codes, and a column whose dictionary outgrows its page falls back to plain encoding), but
 * not for a single-column primary key: its values are distinct by definition, so building a
 * dictionary for it is work thrown away at the first page.
 */
public final class ParquetSink implements RowSink {

  /** Small enough for a 256 MB heap beside the other outputs, big enough for readers. */
  public static final long DEFAULT_ROW_GROUP_BYTES = 32L * 1024 * 1024;

  private final Output output;
  private final ParquetWriter<RowWriteSupport.RowRef> writer;
  private final RowWriteSupport.RowRef ref = new RowWriteSupport.RowRef();

  public ParquetSink(Schema schema, Output output, CompressionCodecName codec) throws IOException {
    this(schema, output, codec, DEFAULT_ROW_GROUP_BYTES);
  }

  public ParquetSink(Schema schema, Output output, CompressionCodecName codec, long rowGroupBytes)
      throws IOException {
    this.output = output;
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
    this.writer = builder.build();
  }

  @Override
  public Stage stage() {
    return Stage.UPLOAD;
  }

  @Override
  public void write(RowBatch batch) throws IOException {
    ref.batch = batch;
    for (int i = 0; i < batch.size(); i++) {
      ref.row = i;
      writer.write(ref);
    }
    ref.batch = null; // the batch is the caller's again
  }

  @Override
  public void finish() throws IOException {
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
