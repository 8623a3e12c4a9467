package io.datapipeline.converter.bench;

import static io.datapipeline.converter.bench.OrderFields.CUSTOMERS;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.SplittableRandom;

/**
 * Generates the benchmark's and the memory test's CSV (8 mixed columns, see
 * bench/orders.schema.json), streaming to disk: deterministic, any size, no memory held.
 */
public final class OrdersCsv {
  public static final String HEADER =
      "order_id,customer,amount,quantity,price,paid,order_day,ordered_at\n";

  private OrdersCsv() {}

  /** Writes rows until {@code rows} rows are written; returns the file size. */
  public static long write(Path file, long rows, int padding) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    LocalDateTime base = LocalDateTime.of(2024, 1, 1, 0, 0);
    String pad = padding > 0 ? "x".repeat(padding) : "";
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      StringBuilder line = new StringBuilder(256);
      for (long i = 1; i <= rows; i++) {
        line.setLength(0);
        line.append("ORD-").append(i).append(',');
        OrderFields.field(line, CUSTOMERS[random.nextInt(CUSTOMERS.length)] + pad).append(',');
        OrderFields.amount(line, random.nextLong(1, 10_000_000));
        line.append(',').append(random.nextInt(1, 100));
        line.append(',').append(random.nextInt(1, 100_000) / 100.0);
        line.append(',').append(random.nextBoolean());
        LocalDateTime at = base.plusSeconds(random.nextLong(0, 365L * 86_400));
        line.append(',').append(at.toLocalDate()).append(',');
        OrderFields.timestamp(line, at).append('\n');
        out.append(line);
      }
    }
    return Files.size(file);
  }
}
