package io.datapipeline.converter.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.converter.core.IsoFormat;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

  @Test
  void decimalsAreWrittenExactlyAsToPlainString() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    long[] edges = {
      0, 1, -1, 5, -5, 10, 99, -100, 999_999_999_999_999_999L, -999_999_999_999_999_999L
    };
    for (int scale = 0; scale <= 18; scale++) {
      for (long unscaled : edges) {
        assertDecimal(unscaled, scale);
      }
      for (int i = 0; i < 5_000; i++) {
        long bound = (long) Math.pow(10, 1 + random.nextInt(18));
        assertDecimal(random.nextLong(-bound + 1, bound), scale);
      }
    }
  }

  @Test
  void integersAreWrittenAsLongToString() throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    long[] edges = {
      0, 1, -1, 9, 10, 99, 100, -100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1
    };
    for (long value : edges) {
      assertNumber(value);
    }
    for (long p = 1; p > 0 && p < Long.MAX_VALUE / 10; p *= 10) {
      assertNumber(p);
      assertNumber(p - 1);
      assertNumber(-p);
    }
    for (int i = 0; i < 50_000; i++) {
      long bound = (long) Math.pow(10, 1 + random.nextInt(18));
      assertNumber(random.nextLong(-bound + 1, bound));
      assertNumber(random.nextLong());
    }
  }

  @Test
  void datesAndTimestampsAreQuotedIsoTextAsIsoFormatWritesIt() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    long[] micros = {
      0,
      -1,
      1,
      999,
      1000,
      -500_000L,
      1_000_000L,
      253_402_300_799_999_999L, // 9999-12-31T23:59:59.999999
      253_402_300_800_000_000L, // year 10000: java.time's text
      -62_167_219_200_000_000L, // 0000-01-01
      -62_167_219_200_000_001L, // year -1
      Long.MAX_VALUE,
      Long.MIN_VALUE
    };
    for (long m : micros) {
      assertTimestamp(m);
    }
    for (int i = 0; i < 20_000; i++) {
      assertTimestamp(random.nextLong(-70_000_000_000_000_000L, 300_000_000_000_000_000L));
      assertTimestamp(random.nextLong(0, 4_000_000_000L) * 1_000_000L); // whole seconds
      assertTimestamp(random.nextLong(0, 4_000_000_000_000L) * 1_000L); // whole milliseconds
      long day = random.nextLong(-800_000, 3_000_000);
      assertDate(day);
    }
    for (long day = -719_528 - 2; day < 2_932_897 + 2; day += 97) { // around years 0 and 9999
      assertDate(day);
    }
  }

  private static void assertNumber(long value) throws Exception {
    assertWrites(json -> json.number(value), Long.toString(value), value);
  }

  private static void assertTimestamp(long micros) throws Exception {
    assertWrites(json -> json.timestamp(micros), "\"" + IsoFormat.timestamp(micros) + "\"", micros);
  }

  private static void assertDate(long day) throws Exception {
    assertWrites(json -> json.date(day), "\"" + IsoFormat.date(day) + "\"", day);
  }

  /** What {@code write} puts in a JsonBytes is {@code expected} (of {@code value}). */
  private static void assertWrites(Write write, String expected, long value) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytes json = new JsonBytes(out);
    write.to(json);
    json.flush();
    assertThat(out.toString(StandardCharsets.US_ASCII)).as("%d", value).isEqualTo(expected);
  }

  @FunctionalInterface
  private interface Write {
    void to(JsonBytes json) throws Exception;
  }

  private static void assertDecimal(long unscaled, int scale) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytes json = new JsonBytes(out);
    json.decimal(unscaled, scale);
    json.flush();
    assertThat(out.toString(StandardCharsets.US_ASCII))
        .as("%d scale %d", unscaled, scale)
        .isEqualTo(BigDecimal.valueOf(unscaled, scale).toPlainString());
  }
}
