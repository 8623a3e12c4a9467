package io.datapipeline.converter.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.converter.CollectingSink;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class OffThreadSinkTest {

  private static final Schema SCHEMA =
      SchemaLoader.parse(
          "{\"primaryKey\": [\"id\"], \"columns\": [{\"name\": \"id\", \"type\": \"int64\","
              + " \"nullable\": false}, {\"name\": \"v\", \"type\": \"string\"}]}");

  @TempDir Path dir;

  private static String csv(int rows) {
    StringBuilder out = new StringBuilder("id,v\n");
    for (int i = 1; i <= rows; i++) {
      out.append(i).append(",v").append(i).append('\n');
    }
    return out.toString();
  }

  private void convert(List<RowSink> sinks, int rows) throws Exception {
    CsvRejectSink rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve("r.csv")));
    try { // as FileConversion does
      new CsvConverter(SCHEMA, 100)
          .convert(
              new ByteArrayInputStream(csv(rows).getBytes(StandardCharsets.UTF_8)), sinks, rejects);
      Sinks.finishAll(sinks, rejects);
    } catch (Exception e) {
      Sinks.abortAll(sinks, rejects);
      throw e;
    }
  }

  @Test
  void deliversEveryRowInOrderThenFinishesTheDelegate() throws Exception {
    CollectingSink collected = new CollectingSink();
    RowSink sink = OffThreadSink.onSpareCore(collected, "test-encoder", 2);
    assertThat(sink).isInstanceOf(OffThreadSink.class);
    convert(List.of(sink), 10_000);
    assertThat(collected.finished).isTrue();
    assertThat(collected.rows).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(collected.rows.get(i)[0]).isEqualTo((long) i + 1);
      assertThat(collected.lines.get(i)).isEqualTo(i + 2L);
    }
  }

  @Test
  void staysOnTheCallersThreadWithOneCore() {
    CollectingSink collected = new CollectingSink();
    assertThat(OffThreadSink.onSpareCore(collected, "test-encoder", 1)).isSameAs(collected);
  }

  @Test
  void theDelegatesFailureFailsTheFileAndNothingAfterItIsWritten() {
    AtomicInteger writes = new AtomicInteger();
    CollectingSink after = new CollectingSink();
    RowSink failing =
        new ForwardingSink(after) {
          @Override
          public void write(RowBatch batch) throws Exception {
            if (writes.incrementAndGet() == 3) {
              throw new IOException("disk full");
            }
            super.write(batch);
          }
        };
    RowSink sink = OffThreadSink.onSpareCore(failing, "test-encoder", 2);
    // 100 batches of 100 rows against 2 slots: a producer blocked on a dead worker would hang.
    assertThatThrownBy(() -> convert(List.of(sink), 10_000))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThat(after.rows).hasSize(200);
    assertThat(after.finished).isFalse();
    assertThat(after.aborted).isTrue();
  }

  @Test
  void abortDropsWaitingBatchesAndAbortsTheDelegateEvenAfterFinish() throws Exception {
    CollectingSink collected = new CollectingSink();
    RowSink sink = OffThreadSink.onSpareCore(collected, "test-encoder", 2);
    RowBatch empty = new RowBatch(SCHEMA, 1);
    sink.write(empty);
    sink.abort();
    assertThat(collected.aborted).isTrue();
    assertThat(collected.finished).isFalse();

    CollectingSink second = new CollectingSink();
    RowSink finished = OffThreadSink.onSpareCore(second, "test-encoder", 2);
    finished.finish();
    finished.abort(); // FileConversion aborts every sink when a later one fails: must be safe
    assertThat(second.finished).isTrue();
  }

  @Test
  void parquetWrittenOffThreadIsTheSameFile() throws Exception {
    Path inline = dir.resolve("inline.parquet");
    Path offThread = dir.resolve("off-thread.parquet");
    convert(
        List.of(new ParquetSink(SCHEMA, new FileOutput(inline), CompressionCodecName.SNAPPY)),
        5_000);
    convert(
        List.of(
            OffThreadSink.onSpareCore(
                new ParquetSink(SCHEMA, new FileOutput(offThread), CompressionCodecName.SNAPPY),
                "test-encoder",
                2)),
        5_000);
    assertThat(Files.readAllBytes(offThread)).isEqualTo(Files.readAllBytes(inline));
  }

  /** A stand-in delegate that forwards to another sink (subclassed to inject failures). */
  private static class ForwardingSink implements RowSink {
    private final RowSink target;

    ForwardingSink(RowSink target) {
      this.target = target;
    }

    @Override
    public Stage stage() {
      return target.stage();
    }

    @Override
    public void write(RowBatch batch) throws Exception {
      target.write(batch);
    }

    @Override
    public void finish() throws Exception {
      target.finish();
    }

    @Override
    public void abort() {
      target.abort();
    }
  }
}
