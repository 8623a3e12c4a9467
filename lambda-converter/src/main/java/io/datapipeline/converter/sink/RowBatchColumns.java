package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Writes the converter's typed rows (a {@link RowBatch}'s columns) into Parquet's column writers:
 * one switch per value on a kind decided once per column (decimals as their unscaled int or long),
 * the definition level 0 for a null and the column's maximum for a value, repetition level 0 (the
 * schema is flat).
 */
final class RowBatchColumns {

  private final ParquetValueKind[] kinds;
  private final EncodedStrings<Binary>[] binaries;

  RowBatchColumns(Schema schema) {
    kinds = schema.columns().stream().map(ParquetValueKind::of).toArray(ParquetValueKind[]::new);
    binaries = stringBinaries(schema);
  }

  /** Per column, the cache of its strings' Binaries (null for a column of another type). */
  static EncodedStrings<Binary>[] stringBinaries(Schema schema) {
    int n = schema.columns().size();
    @SuppressWarnings("unchecked") // generic array of one type
    EncodedStrings<Binary>[] perColumn = new EncodedStrings[n];
    for (int i = 0; i < n; i++) {
      if (schema.columns().get(i).type() == ColumnType.STRING) {
        perColumn[i] = new EncodedStrings<>(RowBatchColumns::utf8);
      }
    }
    return perColumn;
  }

  /** Writes every row of {@code batch}, ending each (which may close a row group). */
  void write(RowBatch batch, ParquetRowGroups out) throws IOException {
    int columns = kinds.length;
    int[] present = new int[columns];
    for (int c = 0; c < columns; c++) {
      present[c] = out.maxDefinitionLevel(c);
    }
    for (int row = 0; row < batch.size(); row++) {
      for (int c = 0; c < columns; c++) {
        ColumnWriter w = out.column(c);
        if (batch.isNull(row, c)) {
          w.writeNull(0, 0); // only an optional column has nulls (the converter checks)
          continue;
        }
        int d = present[c];
        switch (kinds[c]) {
          case STRING -> w.write(binaries[c].of(batch.getString(row, c)), 0, d);
          case INT64, TIMESTAMP, INT64_DECIMAL -> w.write(batch.getLong(row, c), 0, d);
          case FLOAT64 -> w.write(batch.getDouble(row, c), 0, d);
          case BOOLEAN -> w.write(batch.getBoolean(row, c), 0, d);
          case DATE -> w.write(batch.getInt(row, c), 0, d);
          case INT32_DECIMAL -> w.write((int) batch.getLong(row, c), 0, d);
          case BINARY_DECIMAL ->
              w.write(
                  Binary.fromConstantByteArray(
                      batch.getDecimal(row, c).unscaledValue().toByteArray()),
                  0,
                  d);
        }
      }
      out.endRow();
    }
  }

  /**
   * The string's UTF-8 bytes as an array-backed Binary: the same bytes as {@code
   * Binary.fromString}, whose ByteBuffer-backed Binary made the statistics' comparisons and the
   * dictionary's hashing several times slower (profile).
   */
  static Binary utf8(String value) {
    return Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
  }
}
