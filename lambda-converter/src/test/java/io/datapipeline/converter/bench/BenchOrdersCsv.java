package io.datapipeline.converter.bench;

import static io.datapipeline.converter.bench.OrderFields.CUSTOMERS;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * The whole-process benchmark's input ({@code bench/converter.sh}, issue 16): the orders schema of
 * {@code bench/converter.schema.json} (int64 key, two strings, decimal(12,2), int64, float64,
 * boolean, timestamp {@code yyyy-MM-dd HH:mm:ss}), deterministic for a given row count, streamed to
 * disk. Uses nothing but the JDK, so it runs from the test classes alone.
 *
 * <p>{@code java -cp lambda-converter/target/test-classes
 * io.datapipeline.converter.bench.BenchOrdersCsv <file> <rows>}
 */
public final class BenchOrdersCsv {
  public static final String HEADER =
      "order_id,customer,status,amount,quantity,price,paid,ordered_at\n";
  private static final String[] STATUSES = {"new", "paid", "shipped", "delivered", "returned"};

  /** 2024-01-01T00:00:00Z. */
  private static final long BASE_EPOCH_SECOND = 1_704_067_200L;

  private BenchOrdersCsv() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: BenchOrdersCsv <file> <rows>");
      System.exit(2);
    }
    long bytes = write(Path.of(args[0]), Long.parseLong(args[1]));
    System.out.println(bytes);
  }

  /** Writes the header and {@code rows} rows; returns the file size. */
  public static long write(Path file, long rows) throws IOException {
    SplittableRandom random = new SplittableRandom(16);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      StringBuilder line = new StringBuilder(128);
      for (long i = 1; i <= rows; i++) {
        line.setLength(0);
        line.append(i).append(',');
        OrderFields.field(line, CUSTOMERS[random.nextInt(CUSTOMERS.length)]).append(',');
        line.append(STATUSES[random.nextInt(STATUSES.length)]).append(',');
        OrderFields.amount(line, random.nextLong(-100_000, 100_000_000));
        line.append(',').append(random.nextInt(1, 100));
        line.append(',').append(random.nextInt(1, 100_000) / 100.0);
        line.append(',').append(random.nextBoolean());
        line.append(',');
        long epochSecond = BASE_EPOCH_SECOND + random.nextLong(0, 365L * 86_400);
        OrderFields.timestamp(line, LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC));
        line.append('\n');
        out.append(line);
      }
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    return Files.size(file);
  }
}
