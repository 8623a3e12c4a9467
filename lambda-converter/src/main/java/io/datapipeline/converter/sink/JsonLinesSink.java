package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.IsoFormat;
import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Writes one JSON object per row and line. Numbers stay numbers (decimals in plain notation, so no
 * digit is lost), dates are {@code yyyy-MM-dd}, timestamps ISO-8601 in UTC, nulls are null.
 */
public final class JsonLinesSink implements RowSink {

  private final Output output;
  private final Writer writer;
  private final ColumnType[] types;
  private final String[] keys;
  private final StringBuilder line = new StringBuilder(512);

  public JsonLinesSink(Schema schema, Output output) {
    this.output = output;
    this.writer = new OutputStreamWriter(output, StandardCharsets.UTF_8);
    int n = schema.columns().size();
    types = new ColumnType[n];
    keys = new String[n];
    for (int i = 0; i < n; i++) {
      types[i] = schema.columns().get(i).type();
      StringBuilder key = new StringBuilder();
      key.append(i == 0 ? "{" : ",");
      appendString(key, schema.columns().get(i).name());
      key.append(':');
      keys[i] = key.toString();
    }
  }

  @Override
  public Stage stage() {
    return Stage.UPLOAD;
  }

  @Override
  public void write(RowBatch batch) throws IOException {
    for (int r = 0; r < batch.size(); r++) {
      Object[] row = batch.row(r);
      line.setLength(0);
      for (int i = 0; i < row.length; i++) {
        line.append(keys[i]);
        appendValue(line, types[i], row[i]);
      }
      line.append("}\n");
      writer.append(line);
    }
  }

  /** Appends one value as JSON (shared with the DynamoDB size estimate and tests). */
  static void appendValue(StringBuilder out, ColumnType type, Object value) {
    if (value == null) {
      out.append("null");
      return;
    }
    switch (type) {
      case STRING -> appendString(out, (String) value);
      case INT64, BOOLEAN -> out.append(value);
      case FLOAT64 -> out.append(((Double) value).doubleValue());
      case DECIMAL -> out.append(((BigDecimal) value).toPlainString());
      case DATE -> {
        out.append('"');
        IsoFormat.appendDate(out, (Integer) value);
        out.append('"');
      }
      case TIMESTAMP -> {
        out.append('"');
        IsoFormat.appendTimestamp(out, (Long) value);
        out.append('"');
      }
    }
  }

  static void appendString(StringBuilder out, String s) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, start, i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
      start = i + 1;
    }
    out.append(s, start, s.length()).append('"');
  }

  @Override
  public void finish() throws IOException {
    writer.close(); // flushes and publishes the output
  }

  @Override
  public void abort() {
    output.abort();
  }
}
