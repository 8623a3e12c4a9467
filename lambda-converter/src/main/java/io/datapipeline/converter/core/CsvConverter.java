package io.datapipeline.converter.core;

import io.datapipeline.converter.csv.CharSlice;
import io.datapipeline.converter.csv.CsvParser;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.OnBadRow;
import io.datapipeline.converter.schema.Schema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The streaming core: one pass over a CSV, each record checked and typed per the schema, good rows
 * handed in batches to every sink, bad rows to the rejects with line and reason. Memory is one
 * batch plus the parser's buffer, whatever the file size.
 *
 * <p>Fields are typed straight from the parser's buffer into the batch's columns: a String is made
 * only for a string column (and for a rejected row's text), a value is never boxed.
 */
public final class CsvConverter {

  private final Schema schema;
  private final ValueParsers.ColumnReader[] readers;
  private final boolean[] nullable;
  private final String[] nullValues;
  private final boolean onlyEmptyIsNull;
  private final int batchSize;
  private List<String> absentColumns = List.of();

  public CsvConverter(Schema schema) {
    this(schema, RowBatch.DEFAULT_CAPACITY);
  }

  public CsvConverter(Schema schema, int batchSize) {
    this.schema = schema;
    this.batchSize = batchSize;
    int n = schema.columns().size();
    readers = new ValueParsers.ColumnReader[n];
    nullable = new boolean[n];
    for (int i = 0; i < n; i++) {
      Column column = schema.columns().get(i);
      readers[i] = new ValueParsers.ColumnReader(column);
      nullable[i] = column.isNullable();
    }
    Set<String> distinctNulls = new LinkedHashSet<>(schema.nullValues());
    nullValues = distinctNulls.toArray(new String[0]);
    onlyEmptyIsNull = distinctNulls.equals(Set.of(""));
  }

  public ConversionResult convert(InputStream input, List<RowSink> sinks, RejectSink rejects)
      throws Exception {
    CountingInputStream counted = new CountingInputStream(input);
    InputStreamReader reader =
        new InputStreamReader(
            counted,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    CsvParser parser = new CsvParser(reader, schema.delimiterChar(), schema.quoteChar());
    long started = System.nanoTime();
    long[] sinkNanos = new long[Stage.values().length];
    long rows = 0;
    RowBatch batch = new RowBatch(schema, batchSize);
    CharSlice text = new CharSlice();
    try {
      int[] columnOfField = readHeader(parser);
      parser.expectFields(columnOfField.length);
      while (parser.next()) {
        long line = parser.line();
        if (parser.isBad()) {
          badRow(rejects, line, parser.badReason(), parser.badRaw());
          continue;
        }
        if (parser.fieldCount() != columnOfField.length) {
          badRow(
              rejects,
              line,
              "expected " + columnOfField.length + " fields, found " + parser.fieldCount(),
              CsvText.record(parser.fields(), schema.delimiterChar(), schema.quoteChar()));
          continue;
        }
        batch.startRow();
        String problem = null;
        for (int f = 0; f < columnOfField.length; f++) {
          int c = columnOfField[f];
          parser.field(f, text);
          if (onlyEmptyIsNull ? text.length() == 0 : isNullValue(text)) {
            if (!nullable[c]) {
              problem =
                  "column '" + schema.columns().get(c).name() + "': null in a non-nullable column";
              break;
            }
            continue;
          }
          try {
            readers[c].read(text, batch, c);
          } catch (BadValueException e) {
            problem = "column '" + schema.columns().get(c).name() + "': " + e.getMessage();
            break;
          }
        }
        if (problem == null) {
          for (RowSink sink : sinks) {
            problem = sink.refuse(batch, batch.nextRow());
            if (problem != null) {
              break;
            }
          }
        }
        if (problem != null) {
          badRow(
              rejects,
              line,
              problem,
              CsvText.record(parser.fields(), schema.delimiterChar(), schema.quoteChar()));
          continue;
        }
        batch.addRow(line);
        rows++;
        if (batch.isFull()) {
          flush(batch, sinks, sinkNanos);
        }
      }
      flush(batch, sinks, sinkNanos);
    } catch (CharacterCodingException e) {
      throw new BadInputException(
          "the file is not UTF-8 text (invalid bytes near line " + Math.max(1, parser.line()) + ")",
          e);
    }
    double total = (System.nanoTime() - started) / 1e9;
    Map<Stage, Double> stageSeconds = new EnumMap<>(Stage.class);
    long sinkTotal = 0;
    for (Stage stage : Stage.values()) {
      stageSeconds.put(stage, sinkNanos[stage.ordinal()] / 1e9);
      sinkTotal += sinkNanos[stage.ordinal()];
    }
    return new ConversionResult(
        rows,
        rejects.count(),
        counted.count(),
        total - sinkTotal / 1e9,
        stageSeconds,
        absentColumns);
  }

  /** Maps each CSV field position to its schema column, or fails the file naming the mismatch. */
  private int[] readHeader(CsvParser parser) throws Exception {
    int columns = schema.columns().size();
    if (!schema.hasHeader()) {
      int[] identity = new int[columns];
      for (int i = 0; i < columns; i++) {
        identity[i] = i;
      }
      return identity;
    }
    if (!parser.next()) {
      throw new BadInputException("the file is empty: expected a header line");
    }
    if (parser.isBad()) {
      throw new BadInputException(
          "line " + parser.line() + ": the header cannot be parsed: " + parser.badReason());
    }
    int[] mapping = new int[parser.fieldCount()];
    Set<String> seen = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    List<String> duplicate = new ArrayList<>();
    for (int f = 0; f < parser.fieldCount(); f++) {
      String name = parser.field(f).strip();
      int index = schema.indexOf(name);
      if (index < 0) {
        index = schema.indexOf(HeaderNames.normalize(name, f));
      }
      if (index < 0) {
        unknown.add(name);
      } else if (!seen.add(schema.columns().get(index).name())) {
        duplicate.add(name);
      }
      mapping[f] = index;
    }
    List<String> missing = new ArrayList<>();
    boolean missingRequired = false;
    for (Column column : schema.columns()) {
      if (!seen.contains(column.name())) {
        missing.add(column.name());
        missingRequired |= !column.isNullable();
      }
    }
    // A nullable column the file does not have loads as NULL (a column added to the schema later
    // must not refuse every older file); only a missing non-nullable column fails the file.
    absentColumns = missing;
    if (!unknown.isEmpty() || missingRequired || !duplicate.isEmpty()) {
      StringBuilder message =
          new StringBuilder("line " + parser.line() + ": the header does not match the schema:");
      if (!missing.isEmpty()) {
        message.append(" missing columns ").append(missing);
      }
      if (!unknown.isEmpty()) {
        message.append(" columns not in the schema ").append(unknown);
      }
      if (!duplicate.isEmpty()) {
        message.append(" repeated columns ").append(duplicate);
      }
      throw new BadInputException(message.toString());
    }
    return mapping;
  }

  private boolean isNullValue(CharSlice text) {
    for (String value : nullValues) {
      if (text.contentEquals(value)) {
        return true;
      }
    }
    return false;
  }

  private void badRow(RejectSink rejects, long line, String reason, String raw) throws Exception {
    if (schema.onBadRow() == OnBadRow.Fail) {
      throw new BadInputException("line " + line + ": " + reason + " (onBadRow: Fail)");
    }
    rejects.reject(line, reason, raw);
  }

  private static void flush(RowBatch batch, List<RowSink> sinks, long[] sinkNanos)
      throws Exception {
    if (batch.size() == 0) {
      return;
    }
    for (RowSink sink : sinks) {
      long t0 = System.nanoTime();
      sink.write(batch);
      sinkNanos[sink.stage().ordinal()] += System.nanoTime() - t0;
    }
    batch.clear();
  }

  /** Counts the bytes read from the object (the BytesRead metric and the audit's bytes). */
  static final class CountingInputStream extends FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    long count() {
      return count;
    }
  }
}
