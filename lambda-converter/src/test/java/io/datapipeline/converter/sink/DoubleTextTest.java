package io.datapipeline.converter.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DoubleText writes Double.toString's text, or declines: checked on the running JDK. */
class DoubleTextTest {

  @Test
  void writesDoubleToStringsTextForDecimalsOfFewDigits() {
    SplittableRandom random = new SplittableRandom(16);
    for (int i = 0; i < 2_000_000; i++) {
      int digits = 1 + random.nextInt(17);
      long unscaled = random.nextLong((long) Math.pow(10, Math.min(digits, 18)));
      int scale = random.nextInt(19);
      double value = Double.parseDouble(unscaled + "E-" + scale);
      assertSameText(random.nextBoolean() ? value : -value);
    }
  }

  @Test
  void everyPriceOfTwoDecimalsBelowTenThousandIsWrittenAsDoubleToString() {
    for (long cents = 0; cents < 1_000_000; cents++) {
      assertSameText(cents / 100.0);
      assertSameText(Double.parseDouble(cents / 100 + "." + (cents % 100)));
    }
  }

  @Test
  void arbitraryBitPatternsAreWrittenAsDoubleToStringOrDeclined() {
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 1_000_000; i++) {
      assertSameText(Double.longBitsToDouble(random.nextLong()));
      // values in the plain range with all 17 digits: declined, not approximated
      assertSameText(1e-3 + random.nextDouble() * 1e7);
    }
  }

  @Test
  void edgesOfThePlainRange() {
    double[] edges = {
      0.0,
      -0.0,
      1e-3,
      -1e-3,
      Math.nextDown(1e-3),
      1e7,
      Math.nextDown(1e7),
      -9999999.0,
      1.0,
      0.1,
      0.2,
      0.3,
      100.0,
      123456.789,
      0.001234567890123,
      1234567.12345678,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      2e-3,
      8e-3
    };
    for (double value : edges) {
      assertSameText(value);
    }
    assertThat(write(0.5)).isEqualTo("0.5");
    assertThat(write(100.0)).isEqualTo("100.0");
    assertThat(write(-0.001)).isEqualTo("-0.001");
  }

  @Test
  void commonValuesTakeTheFastPath() {
    byte[] out = new byte[DoubleText.MAX_FAST_BYTES];
    for (double value : new double[] {557.74, -0.05, 1.5, 9999999.0, 0.001, 123456789.0 / 1e4}) {
      int end = DoubleText.put(out, 0, value);
      assertThat(end).as("%s", value).isPositive();
      assertThat(new String(out, 0, end, StandardCharsets.US_ASCII))
          .isEqualTo(Double.toString(value));
    }
  }

  private static void assertSameText(double value) {
    assertThat(write(value))
        .as("bits %x", Double.doubleToRawLongBits(value))
        .isEqualTo(Double.toString(value));
  }

  /** What JsonBytes writes for the value: the fast text or, declined, Double.toString's. */
  private static String write(double value) {
    byte[] out = new byte[DoubleText.MAX_FAST_BYTES + 4];
    out[0] = 'x';
    int end = DoubleText.put(out, 1, value);
    if (end < 0) {
      assertThat(out[1]).isZero(); // nothing written when declined
      return Double.toString(value);
    }
    assertThat(out[0]).isEqualTo((byte) 'x');
    return new String(out, 1, end - 1, StandardCharsets.US_ASCII);
  }
}
