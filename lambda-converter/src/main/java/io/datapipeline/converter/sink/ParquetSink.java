package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes the rows as one Parquet file, straight into parquet's column writers ({@link
 * RowBatchColumns} into {@link ParquetRowGroups}), without Hadoop at run time. Memory is bounded by
 * the row group size (a row group is buffered, encoded and compressed, before it is written out).
 *
 * <p>Dictionary encoding stays on (Parquet's default: strings of few distinct values become small
 * integer codes, and a column whose dictionary outgrows its page falls back to plain encoding), but
 * not for a column whose values are all distinct: a single-column primary key (distinct by
 * definition), and any column nearly every value of which differs in the first batch of rows (an
 * amount, a price, a timestamp). For those Parquet would build the dictionary up to its page limit,
 * find it useless and re-encode everything plain, per row group: the same plain pages in the end,
 * at the cost of a hash lookup per value (the encoder thread's largest item in the profile). The
 * writer is therefore made when the first batch arrives (or at {@link #finish} for no rows).
 */
public final class ParquetSink implements RowSink {

  /** Small enough for a 256 MB heap beside the other outputs, big enough for readers. */
  public static final long DEFAULT_ROW_GROUP_BYTES = 32L * 1024 * 1024;

  /**
   * A first batch of at least this many rows decides which columns skip the dictionary; a smaller
   * one (a small file) keeps Parquet's defaults.
   */
  static final int DISTINCT_SAMPLE_ROWS = 512;

  /** Distinct share of a sampled column's values above which it skips the dictionary. */
  static final double ALL_DISTINCT = 0.97;

  /**
   * The footer's {@code writer.model.name} (what parquet-hadoop writes as the WriteSupport's name):
   * the name the files have carried since our first own writer.
   */
  static final String MODEL_NAME = "datapipeline-converter";

  private final Schema schema;
  private final Output output;
  private final CompressionCodecName codec;
  private final long rowGroupBytes;
  private final RowBatchColumns columns;
  private ParquetRowGroups writer;

  public ParquetSink(Schema schema, Output output, CompressionCodecName codec) throws IOException {
    this(schema, output, codec, DEFAULT_ROW_GROUP_BYTES);
  }

  public ParquetSink(Schema schema, Output output, CompressionCodecName codec, long rowGroupBytes)
      throws IOException {
    this.schema = schema;
    this.output = output;
    this.codec = codec;
    this.rowGroupBytes = rowGroupBytes;
    this.columns = new RowBatchColumns(schema);
    ParquetFooterClasses.initialiseOnSpareCore();
  }

  private ParquetRowGroups open(RowBatch first) throws IOException {
    ParquetProperties.Builder props = ParquetProperties.builder();
    if (schema.primaryKey().size() == 1) {
      props.withDictionaryEncoding(schema.primaryKey().get(0), false);
    }
    for (String column : allDistinctColumns(schema, first)) {
      props.withDictionaryEncoding(column, false);
    }
    return new ParquetRowGroups(
        new OutputParquetFile(output),
        ParquetSchemas.of(schema),
        props.build(),
        new PlainCodecFactory(),
        codec,
        rowGroupBytes,
        MODEL_NAME);
  }

  /**
   * The columns whose values in {@code batch} (at least {@link #DISTINCT_SAMPLE_ROWS} of them, or
   * none is named) are nearly all distinct. Booleans never use a dictionary anyway.
   */
  static List<String> allDistinctColumns(Schema schema, RowBatch batch) {
    List<String> distinct = new ArrayList<>();
    if (batch == null || batch.size() < DISTINCT_SAMPLE_ROWS) {
      return distinct;
    }
    for (int c = 0; c < batch.columns(); c++) {
      if (batch.type(c) == ColumnType.BOOLEAN) {
        continue;
      }
      Set<Object> values = new HashSet<>();
      int present = 0;
      for (int r = 0; r < batch.size(); r++) {
        Object value = batch.value(r, c);
        if (value != null) {
          present++;
          values.add(value);
        }
      }
      if (present >= DISTINCT_SAMPLE_ROWS && values.size() > ALL_DISTINCT * present) {
        distinct.add(schema.columns().get(c).name());
      }
    }
    return distinct;
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
    columns.write(batch, writer); // keeps nothing of the batch: it is the caller's again
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
}
