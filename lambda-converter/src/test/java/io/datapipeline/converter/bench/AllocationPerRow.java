package io.datapipeline.converter.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.FileOutput;
import io.datapipeline.converter.sink.JsonLinesSink;
import io.datapipeline.converter.sink.ParquetSink;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Heap bytes allocated and CPU seconds spent per row by the converter's hot path, measured on the
 * converting thread alone ({@code ThreadMXBean.getThreadAllocatedBytes}, {@code
 * getCurrentThreadCpuTime}). Unlike wall time, both barely move when other processes load the
 * machine (CPU time somewhat, through caches and frequency; allocation not at all), so they can be
 * compared across runs on a shared machine. Every sink runs on this thread (no {@code
 * OffThreadSink}), so its allocations are counted too.
 *
 * <p>{@code java -cp <test classpath> io.datapipeline.converter.bench.AllocationPerRow [ROWS]
 * [RUNS]}: the orders file of {@code bench/converter.sh} ({@link BenchOrdersCsv}), cached in {@code
 * target/bench}; prints one line per case: the allocation of the last run and the least CPU of the
 * runs after the first two (which warm the JIT up; the least is the run other processes disturbed
 * least).
 */
public final class AllocationPerRow {

  private AllocationPerRow() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 500_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path csv = BenchInputs.orders(rows);
    Path dir = csv.getParent();
    Schema schema = BenchInputs.ordersSchema();
    for (String which : new String[] {"typed-rows", "parquet", "parquet+json"}) {
      long[] last = null;
      long leastCpu = Long.MAX_VALUE;
      long leastProcessCpu = Long.MAX_VALUE;
      for (int run = 0; run < Math.max(runs, 3); run++) {
        last = measure(schema, csv, dir, which, rows);
        if (run >= 2) {
          leastCpu = Math.min(leastCpu, last[1]);
          leastProcessCpu = Math.min(leastProcessCpu, last[2]);
        }
      }
      System.out.printf(
          "ALLOC case=%s rows=%d bytes_per_row=%.1f cpu_s=%.3f cpu_us_per_row=%.3f"
              + " process_cpu_s=%.3f gc_ms=%d gcs=%d%n",
          which,
          rows,
          last[0] / (double) rows,
          leastCpu / 1e9,
          leastCpu / 1e3 / rows,
          leastProcessCpu / 1e9,
          last[3],
          last[4]);
    }
  }

  /**
   * {allocated bytes, CPU nanoseconds} of one conversion on this thread, then the process's CPU
   * nanoseconds (garbage collection runs on threads of its own: counted there, and in the
   * collectors' milliseconds and count that follow).
   */
  private static long[] measure(Schema schema, Path csv, Path dir, String which, long rows)
      throws Exception {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    List<RowSink> sinks = new ArrayList<>();
    if (which.startsWith("parquet")) {
      sinks.add(
          new ParquetSink(
              schema, new FileOutput(dir.resolve("alloc.parquet")), CompressionCodecName.SNAPPY));
    }
    if (which.endsWith("json")) {
      sinks.add(new JsonLinesSink(schema, new FileOutput(dir.resolve("alloc.jsonl"))));
    }
    if (sinks.isEmpty()) {
      sinks.add(new Discard());
    }
    CsvRejectSink rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve("alloc-rejects")));
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] gc0 = gc();
    long process0 = os.getProcessCpuTime();
    long bytes0 = threads.getThreadAllocatedBytes(id);
    long cpu0 = threads.getCurrentThreadCpuTime();
    ConversionResult result;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
      result = new CsvConverter(schema).convert(in, sinks, rejects);
    }
    for (RowSink sink : sinks) {
      sink.finish();
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    long bytes = threads.getThreadAllocatedBytes(id) - bytes0;
    long process = os.getProcessCpuTime() - process0;
    long[] gc1 = gc();
    if (result.rowsLoaded() != rows || result.rowsRejected() != 0) {
      throw new IllegalStateException(
          "expected " + rows + " rows and no rejects: " + result.rowsLoaded() + " written");
    }
    return new long[] {bytes, cpu, process, gc1[0] - gc0[0], gc1[1] - gc0[1]};
  }

  /** {milliseconds, collections} of every collector so far. */
  private static long[] gc() {
    long millis = 0;
    long count = 0;
    for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      millis += collector.getCollectionTime();
      count += collector.getCollectionCount();
    }
    return new long[] {millis, count};
  }

  /** Takes the typed rows and keeps nothing: the parse-and-type path alone. */
  private static final class Discard implements RowSink {
    @Override
    public Stage stage() {
      return Stage.UPLOAD;
    }

    @Override
    public void write(RowBatch batch) {}

    @Override
    public void finish() {}

    @Override
    public void abort() {}
  }
}
