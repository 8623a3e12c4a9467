package io.datapipeline.converter.bench;

import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The in-process harnesses' input ({@link AllocationPerRow}, {@link PostgresLoadWork}): the orders
 * file of {@link BenchOrdersCsv} (kept apart from it, which must run on the JDK alone) and its
 * schema.
 */
final class BenchInputs {
  private BenchInputs() {}

  /** The file of {@code rows} rows in {@code target/bench}, written on first use. */
  static Path orders(long rows) throws IOException {
    Path dir = Path.of("target", "bench");
    Files.createDirectories(dir);
    Path csv = dir.resolve("orders-" + rows + ".csv");
    if (!Files.exists(csv)) {
      BenchOrdersCsv.write(csv, rows);
    }
    return csv;
  }

  /** {@code bench/converter.schema.json} of the test resources. */
  static Schema ordersSchema() throws IOException {
    try (InputStream in = BenchInputs.class.getResourceAsStream("/bench/converter.schema.json")) {
      return SchemaLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
