package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.CsvText;
import io.datapipeline.converter.core.RejectSink;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes rejected rows as CSV with the header {@code line,reason,record}: the CSV line number, why
 * the row was refused, and the record as read. Opened only on the first rejected row, so a clean
 * file leaves no rejects object behind.
 */
public final class CsvRejectSink implements RejectSink {
  public static final String HEADER = "line,reason,record\n";

  private final Output.Opener opener;
  private Output output;
  private Writer writer;
  private long count;
  private final StringBuilder line = new StringBuilder(256);

  public CsvRejectSink(Output.Opener opener) {
    this.opener = opener;
  }

  @Override
  public void reject(long lineNumber, String reason, String rawRecord) throws IOException {
    if (writer == null) {
      output = opener.open();
      writer = new OutputStreamWriter(output, StandardCharsets.UTF_8);
      writer.write(HEADER);
    }
    line.setLength(0);
    line.append(lineNumber).append(',');
    CsvText.appendField(line, reason, ',', '"');
    line.append(',');
    CsvText.appendField(line, rawRecord == null ? "" : rawRecord, ',', '"');
    line.append('\n');
    writer.append(line);
    count++;
  }

  @Override
  public long count() {
    return count;
  }

  /** Where the rejects went, or null when there were none. */
  public String location() {
    return output == null ? null : output.location();
  }

  @Override
  public void finish() throws IOException {
    if (writer != null) {
      writer.close();
    }
  }

  @Override
  public void abort() {
    if (output != null) {
      output.abort();
    }
  }
}
