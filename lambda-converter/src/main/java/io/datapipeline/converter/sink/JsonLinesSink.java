package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes one JSON object per row and line. Numbers stay numbers (decimals in plain notation, so no
 * digit is lost), dates are {@code yyyy-MM-dd}, timestamps ISO-8601 in UTC, nulls are null.
 */
public final class JsonLinesSink implements RowSink {

  private final Output output;
  private final JsonBytes json;
  private final byte[][] keys;
  private static final byte[] END = "}\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  public JsonLinesSink(Schema schema, Output output) {
    this.output = output;
    this.json = new JsonBytes(output);
    keys = new byte[schema.columns().size()][];
    for (int i = 0; i < keys.length; i++) {
      // Column names are SQL identifiers ([a-z][a-z0-9_]*): no escaping needed.
      keys[i] =
          ((i == 0 ? "{\"" : ",\"") + schema.columns().get(i).name() + "\":")
              .getBytes(StandardCharsets.US_ASCII);
    }
  }

  @Override
  public Stage stage() {
    return Stage.UPLOAD;
  }

  @Override
  public void write(RowBatch batch) throws IOException {
    for (int r = 0; r < batch.size(); r++) {
      for (int i = 0; i < keys.length; i++) {
        json.raw(keys[i]);
        value(batch, r, i);
      }
      json.raw(END);
    }
  }

  private void value(RowBatch batch, int row, int column) throws IOException {
    if (batch.isNull(row, column)) {
      json.raw(NULL);
      return;
    }
    switch (batch.type(column)) {
      case STRING -> json.string(batch.getString(row, column));
      case INT64 -> json.number(batch.getLong(row, column));
      case BOOLEAN -> json.raw(batch.getBoolean(row, column) ? TRUE : FALSE);
      case FLOAT64 -> json.number(batch.getDouble(row, column));
      case DECIMAL -> {
        if (batch.isLongDecimal(column)) {
          json.decimal(batch.getLong(row, column), batch.scale(column));
        } else {
          json.ascii(batch.getDecimal(row, column).toPlainString());
        }
      }
      case DATE -> json.date(batch.getInt(row, column));
      case TIMESTAMP -> json.timestamp(batch.getLong(row, column));
    }
  }

  @Override
  public void finish() throws IOException {
    json.flush();
    output.close(); // publishes the output
  }

  @Override
  public void abort() {
    output.abort();
  }
}
