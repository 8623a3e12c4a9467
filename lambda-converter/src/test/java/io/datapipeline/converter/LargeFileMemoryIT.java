package io.datapipeline.converter;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.converter.bench.OrdersCsv;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bounded memory: a generated CSV of at least 1 GB (system property converter.it.gigabytes, default
 * 1.0) converts to Parquet and JSON Lines with the shaded jar under {@code -Xmx256m}, in a child
 * JVM so the heap limit is real. The files are generated on the fly and deleted after.
 */
class LargeFileMemoryIT {

  /** Characters added to each customer name: wider rows reach 1 GB with fewer rows (faster). */
  private static final int PADDING = 120;

  private Path dir;

  @BeforeEach
  void createDir() throws IOException {
    dir = Files.createTempDirectory("converter-memory-it");
  }

  @AfterEach
  void deleteFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void convertsAGigabyteCsvUnderA256MbHeap() throws Exception {
    double gigabytes = Double.parseDouble(System.getProperty("converter.it.gigabytes", "1.0"));
    long target = (long) (gigabytes * 1024 * 1024 * 1024);
    Path sample = dir.resolve("sample.csv");
    long perRow = (OrdersCsv.write(sample, 10_000, PADDING) - OrdersCsv.HEADER.length()) / 10_000;
    long rows = target / perRow + 10_000;
    Path csv = dir.resolve("big.csv");
    long size = OrdersCsv.write(csv, rows, PADDING);
    assertThat(size).isGreaterThanOrEqualTo(target);

    Path schema = dir.resolve("schema.json");
    Files.writeString(schema, TestFiles.read("/bench/orders.schema.json"));
    Path jar = Path.of(System.getProperty("converter.jar", "target/lambda-converter.jar"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            jar.toString(),
            "convert",
            "--schema",
            schema.toString(),
            "--input",
            csv.toString(),
            "--parquet",
            dir.resolve("big.parquet").toString(),
            "--json",
            dir.resolve("big.jsonl").toString(),
            "--rejects",
            dir.resolve("rejects.csv").toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    boolean finished = process.waitFor(20, TimeUnit.MINUTES);
    String output = Files.readString(dir.resolve("out.txt"));
    assertThat(finished).as("conversion finished in 20 minutes").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("rows=" + rows + " rejected=0");

    assertThat(countLines(dir.resolve("big.jsonl"))).isEqualTo(rows);
    try (DuckDb duck = new DuckDb()) {
      assertThat(
              duck.rows(
                      "SELECT count(*) AS n, count(DISTINCT order_id) AS k FROM read_parquet('"
                          + dir.resolve("big.parquet")
                          + "')")
                  .get(0))
          .containsEntry("n", rows)
          .containsEntry("k", rows);
    }
  }

  private static long countLines(Path file) throws IOException {
    long lines = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    return lines;
  }
}
