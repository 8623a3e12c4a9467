package io.datapipeline.converter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * A decimal of at most 18 digits is sent to PostgreSQL from its unscaled long; the bytes must be
 * those of the general BigDecimal encoding (itself checked against a real server by the load
 * tests), for every value and scale.
 */
class PgNumericEncodingTest {

  private static final long MAX_18_DIGITS = 999_999_999_999_999_999L;

  @Property(tries = 3000)
  void theLongEncodingIsTheBigDecimalEncoding(
      @ForAll @LongRange(min = -MAX_18_DIGITS, max = MAX_18_DIGITS) long unscaled,
      @ForAll @IntRange(max = 18) int scale)
      throws IOException {
    assertThat(fromLong(unscaled, scale)).isEqualTo(fromBigDecimal(unscaled, scale));
  }

  @Test
  void edgeValuesEncodeAlike() throws IOException {
    long[] values = {
      0, 1, -1, 9, 10, 9999, 10000, 10001, 100_000_000, MAX_18_DIGITS, -MAX_18_DIGITS
    };
    for (long unscaled : values) {
      for (int scale = 0; scale <= 18; scale++) {
        assertThat(fromLong(unscaled, scale))
            .as("%d at scale %d", unscaled, scale)
            .isEqualTo(fromBigDecimal(unscaled, scale));
      }
    }
  }

  private static byte[] fromLong(long unscaled, int scale) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PgBinaryRowWriter writer = writer(bytes);
    writer.numeric(unscaled, scale);
    writer.trailer();
    return bytes.toByteArray();
  }

  private static byte[] fromBigDecimal(long unscaled, int scale) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PgBinaryRowWriter writer = writer(bytes);
    writer.numeric(BigDecimal.valueOf(unscaled, scale));
    writer.trailer();
    return bytes.toByteArray();
  }

  private static PgBinaryRowWriter writer(ByteArrayOutputStream bytes) {
    return new PgBinaryRowWriter(bytes);
  }
}
