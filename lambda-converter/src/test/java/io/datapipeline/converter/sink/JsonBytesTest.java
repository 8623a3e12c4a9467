package io.datapipeline.converter.sink;

import static org.assertj.core.api.Assertions.assertThat;

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
