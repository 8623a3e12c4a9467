package io.datapipeline.converter.sink;

import static java.lang.Math.max;
import static java.lang.Math.min;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.util.AutoCloseables;

/**
 * A Parquet file written through parquet-column's column writers directly, one flat row at a time,
 * without parquet-hadoop's {@code ParquetWriter}: that writer hands every value through a {@code
 * WriteSupport} and {@code MessageColumnIO}'s record consumer (a field lookup, a written-fields bit
 * set and level bookkeeping per value), which for a flat schema only ever computes definition level
 * 0 (null) or the column's maximum (present) and repetition level 0. The encoder thread spent about
 * 15% of its samples there (docs/benchmarks.md, the JFR profile).
 *
 * <p>Everything else is parquet's own code, driven exactly as parquet-hadoop 1.18's {@code
 * InternalParquetRecordWriter} drives it, so the file is byte-identical to {@code ParquetWriter}'s
 * for the same rows (checked by {@code ParquetRowGroupsBytesTest}): the same {@code
 * ParquetFileWriter}, page store, column write store (pages, dictionaries and their fallback,
 * statistics, column and offset indexes), the same row group sizing (a memory check at the row
 * counts that writer computes, flushing within about two rows of the limit) and footer metadata
 * ({@code writer.model.name}). Revisit when parquet is upgraded: the test then says whether the
 * bytes still agree.
 *
 * <p>Use: write each column's value of the row to {@link #column} (the current row group's writer:
 * ask again for every row, a row group has writers of its own), then {@link #endRow}; {@link
 * #close} writes the footer and closes the output.
 */
final class ParquetRowGroups {

  private final ParquetFileWriter file;
  private final MessageType schema;
  private final List<ColumnDescriptor> descriptors;
  private final ParquetProperties props;
  private final BytesInputCompressor compressor;
  private final CompressionCodecFactory codecs;
  private final Map<String, String> footerMetadata;
  private final long rowGroupSizeThreshold;
  private final int rowGroupRecordCountThreshold;
  private long nextRowGroupSize;
  private long recordCount;
  private long recordCountForNextMemCheck;
  private int rowGroupOrdinal;
  private ColumnChunkPageWriteStore pageStore;
  private ColumnWriteStore columnStore;
  private final ColumnWriter[] writers;
  private boolean closed;

  /**
   * Starts the file (its magic bytes are written to {@code output} now).
   *
   * @param modelName the footer's {@code writer.model.name}, as a {@code WriteSupport}'s name
   */
  ParquetRowGroups(
      OutputFile output,
      MessageType schema,
      ParquetProperties props,
      CompressionCodecFactory codecs,
      CompressionCodecName codec,
      long rowGroupBytes,
      String modelName)
      throws IOException {
    this.schema = schema;
    this.descriptors = schema.getColumns();
    this.props = props;
    this.codecs = codecs;
    this.compressor = codecs.getCompressor(codec);
    this.footerMetadata = new HashMap<>(Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, modelName));
    this.rowGroupSizeThreshold = rowGroupBytes;
    this.rowGroupRecordCountThreshold = props.getRowGroupRowCountLimit();
    this.nextRowGroupSize = rowGroupBytes;
    this.file =
        new ParquetFileWriter(
            output,
            schema,
            ParquetFileWriter.Mode.OVERWRITE,
            rowGroupBytes,
            ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
            null, // no encryption
            props);
    file.start();
    this.writers = new ColumnWriter[descriptors.size()];
    initStore();
    recordCountForNextMemCheck = props.getMinRowCountForPageSizeCheck();
  }

  /** The maximum definition level of column {@code index}: 1 when optional, 0 when required. */
  int maxDefinitionLevel(int index) {
    return descriptors.get(index).getMaxDefinitionLevel();
  }

  /** Column {@code index}'s writer in the current row group (schema order). */
  ColumnWriter column(int index) {
    return writers[index];
  }

  /** Ends the row whose values were written, which may close the row group. */
  void endRow() throws IOException {
    columnStore.endRecord();
    ++recordCount;
    if (recordCount >= rowGroupRecordCountThreshold || recordCount >= recordCountForNextMemCheck) {
      checkBlockSizeReached();
    }
  }

  /** Flushes the last row group, writes the footer and closes the output (publishing it). */
  void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushRowGroupToStore();
      file.end(footerMetadata);
    } catch (IOException | RuntimeException | Error e) {
      file.abort();
      throw e;
    } finally {
      AutoCloseables.uncheckedClose(columnStore, pageStore, file);
      codecs.release();
    }
  }

  private void initStore() {
    pageStore =
        ColumnChunkPageWriteStore.builder()
            .withCompressorProvider(column -> compressor)
            .withSchema(schema)
            .withAllocator(props.getAllocator())
            .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
            .withPageWriteChecksumEnabled(props.getPageWriteChecksumEnabled())
            .withFileEncryptor(null)
            .withRowGroupOrdinal(rowGroupOrdinal)
            .build();
    columnStore = props.newColumnWriteStore(schema, pageStore, pageStore);
    for (int i = 0; i < writers.length; i++) {
      writers[i] = columnStore.getColumnWriter(descriptors.get(i));
    }
  }

  /** InternalParquetRecordWriter.checkBlockSizeReached. */
  private void checkBlockSizeReached() throws IOException {
    if (recordCount >= rowGroupRecordCountThreshold) {
      nextRowGroup();
      return;
    }
    // checking the memory size is relatively expensive, so not for every record
    long memSize = columnStore.getBufferedSize();
    long recordSize = memSize / recordCount;
    // flush the row group if it is within ~2 records of the limit: better slightly under than over
    if (memSize > (nextRowGroupSize - 2 * recordSize)) {
      nextRowGroup();
      return;
    }
    recordCountForNextMemCheck =
        min(
            max(
                props.getMinRowCountForPageSizeCheck(),
                (recordCount + (long) (nextRowGroupSize / ((float) recordSize))) / 2),
            recordCount + props.getMaxRowCountForPageSizeCheck());
  }

  private void nextRowGroup() throws IOException {
    flushRowGroupToStore();
    initStore();
    // as parquet computes it: recordCount is 0 again here, so this is the minimum
    recordCountForNextMemCheck =
        min(
            max(props.getMinRowCountForPageSizeCheck(), recordCount / 2),
            props.getMaxRowCountForPageSizeCheck());
  }

  private void flushRowGroupToStore() throws IOException {
    try {
      if (recordCount > 0) {
        rowGroupOrdinal++;
        file.startBlock(recordCount);
        columnStore.flush();
        pageStore.flushToFileWriter(file);
        recordCount = 0;
        file.endBlock();
        nextRowGroupSize = min(file.getNextRowGroupSize(), rowGroupSizeThreshold);
      }
    } finally {
      AutoCloseables.uncheckedClose(columnStore, pageStore);
      columnStore = null;
      pageStore = null;
    }
  }
}
