package io.datapipeline.converter.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of the number parsers against the exact ones they short-cut, on many generated
 * texts of the shapes they take and of shapes near them: the same value (the same double, bit for
 * bit; the same BigDecimal, scale included) or the same error message.
 */
class FastValueParsersTest {

  private static final String ALPHABET = "0123456789000.-+e ";

  @Test
  void decimalFastPathAgreesWithTheExactParser() {
    SplittableRandom random = new SplittableRandom(1);
    int[][] columns = {{12, 2}, {18, 4}, {18, 0}, {5, 5}, {1, 0}, {9, 3}};
    int fast = 0;
    for (int[] column : columns) {
      ValueParser parser = ValueParsers.decimal(column[0], column[1]);
      ValueParser exact = ValueParsers.exactDecimal(column[0], column[1]);
      for (int i = 0; i < 40_000; i++) {
        String text = numberLike(random, 1 + random.nextInt(22));
        Object expected = outcome(exact, text);
        assertThat(outcome(parser, text))
            .as("decimal(%d,%d) of '%s'", column[0], column[1], text)
            .isEqualTo(expected);
        if (ValueParsers.simpleDecimal(text, column[0], column[1]) != null) {
          fast++;
        }
      }
    }
    assertThat(fast).as("texts the fast path took").isGreaterThan(20_000);
  }

  @Test
  void decimalFastPathKeepsEdgeValues() throws Exception {
    ValueParser parser = ValueParsers.decimal(18, 4);
    assertThat(parser.parse("99999999999999.9999"))
        .isEqualTo(new BigDecimal("99999999999999.9999"));
    assertThat(parser.parse("-0.00000")).isEqualTo(new BigDecimal("0.0000"));
    assertThat(parser.parse("+.5")).isEqualTo(new BigDecimal("0.5000"));
    assertThat(parser.parse("7.")).isEqualTo(new BigDecimal("7.0000"));
    assertThat(outcome(parser, "100000000000000"))
        .isEqualTo(outcome(ValueParsers.exactDecimal(18, 4), "100000000000000"));
  }

  @Test
  void float64FastPathReturnsTheSameDoubleAsParseDouble() throws Exception {
    SplittableRandom random = new SplittableRandom(2);
    int fast = 0;
    for (int i = 0; i < 300_000; i++) {
      String text = numberLike(random, 1 + random.nextInt(18));
      double simple = ValueParsers.simpleDouble(text);
      if (!Double.isNaN(simple)) {
        fast++;
        assertThat(Double.doubleToRawLongBits(simple))
            .as("'%s'", text)
            .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
      }
      Object viaParser = outcome(ValueParsers::float64, text);
      Object viaGeneral = outcome(FastValueParsersTest::generalFloat64, text);
      assertThat(viaParser).as("'%s'", text).isEqualTo(viaGeneral);
    }
    assertThat(fast).as("texts the fast path took").isGreaterThan(50_000);
  }

  /** parseFloat64's general path alone, as it was before the fast path. */
  private static Object generalFloat64(String text) throws BadValueException {
    String s = text.strip();
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    if (!(last >= '0' && last <= '9') && last != '.') {
      throw new BadValueException(ValueParsers.quoted(text) + " is not a finite decimal number");
    }
    try {
      double value = Double.parseDouble(s);
      if (!Double.isFinite(value) || s.indexOf('x') >= 0 || s.indexOf('X') >= 0) {
        throw new BadValueException(ValueParsers.quoted(text) + " is not a finite decimal number");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new BadValueException(ValueParsers.quoted(text) + " is not a number");
    }
  }

  /** The value (doubles as their bits, to tell -0.0), or the error message. */
  private static Object outcome(ValueParser parser, String text) {
    try {
      Object value = parser.parse(text);
      return value instanceof Double d ? Double.doubleToRawLongBits(d) : value;
    } catch (BadValueException e) {
      return "error: " + e.getMessage();
    }
  }

  /** Mostly well-formed numbers (sign, digits, a point), sometimes broken or padded. */
  private static String numberLike(SplittableRandom random, int length) {
    StringBuilder out = new StringBuilder(length + 2);
    if (random.nextInt(4) == 0) {
      out.append(random.nextBoolean() ? '-' : '+');
    }
    boolean point = false;
    for (int i = 0; i < length; i++) {
      if (random.nextInt(12) == 0) {
        out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      } else if (!point && random.nextInt(6) == 0) {
        out.append('.');
        point = true;
      } else {
        out.append((char) ('0' + random.nextInt(10)));
      }
    }
    return out.toString();
  }
}
