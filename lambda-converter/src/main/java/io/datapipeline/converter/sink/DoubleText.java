package io.datapipeline.converter.sink;

/**
 * {@link Double#toString}'s text for the common float64 values of CSV data (prices, measurements:
 * few digits, plain notation) written straight as ASCII bytes, without the String and the general
 * algorithm Double.toString runs per value (about a tenth of the JSON Lines sink's time).
 *
 * <p>Which values: {@code 10^-3 <= |v| < 10^7} (where Double.toString writes plain notation) whose
 * shortest decimal has at most 15 significant digits. Any decimal of at most 15 significant digits
 * rounds to a double no other such decimal rounds to (15 is DBL_DIG), so the decimal found here,
 * with the fewest digits after the point that still reads back as {@code v}, is the one
 * Double.toString's "as many digits as needed to uniquely distinguish" specifies. Every other value
 * (more digits, exponent notation, zero, NaN) returns -1 and the caller uses Double.toString
 * itself. {@code DoubleTextTest} checks the equality against Double.toString on the running JDK.
 */
final class DoubleText {

  /** Longest text {@link #put} writes: a sign, 15 digits, "0." and the point. */
  static final int MAX_FAST_BYTES = 20;

  private static final int MAX_DIGITS = 15;

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18
  };

  private DoubleText() {}

  /**
   * Writes {@code value} as Double.toString would at {@code at} and returns the index after it, or
   * -1 (nothing written) when the value is not one this class handles.
   */
  static int put(byte[] out, int at, double value) {
    double abs = Math.abs(value);
    if (!(abs >= 1e-3 && abs < 1e7)) {
      return -1; // exponent notation, zero, NaN: Double.toString's own
    }
    int integerDigits = abs < 1 ? 0 : JsonBytes.digitCount((long) abs);
    for (int scale = 0; integerDigits + scale <= MAX_DIGITS + 3; scale++) {
      double scaled = abs * POW10[scale];
      long digits = Math.round(scaled);
      // The candidate decimal digits/10^scale reads back as exactly this double: both operands are
      // exact doubles (digits < 2^53, 10^scale <= 10^18 is exact up to 10^22), so the division is
      // the correctly rounded value of the decimal.
      if (digits / POW10[scale] == abs) {
        if (JsonBytes.digitCount(digits) > MAX_DIGITS) {
          return -1;
        }
        int i = at;
        if (value < 0) {
          out[i++] = '-';
        }
        if (scale == 0) {
          i = JsonBytes.putDigits(out, i, digits);
          out[i++] = '.';
          out[i++] = '0';
          return i;
        }
        return JsonBytes.putPlain(out, i, digits, scale);
      }
    }
    return -1;
  }
}
