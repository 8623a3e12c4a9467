package io.datapipeline.converter.sink;

import java.math.BigDecimal;

/** The unscaled long of a decimal of at most 18 digits, for the Parquet and JSON encoders. */
final class Decimals {
  private Decimals() {}

  /**
   * The unscaled value of a decimal already at its column's scale (the value parser guarantees the
   * scale and, for these columns, at most 18 digits). {@code scaleByPowerOfTen} keeps BigDecimal's
   * compact long, where {@code unscaledValue()} would build a BigInteger per value.
   */
  static long unscaledLong(BigDecimal value, int scale) {
    if (value.scale() != scale) {
      throw new IllegalArgumentException(
          "decimal " + value + " is not at the column's scale " + scale);
    }
    return value.scaleByPowerOfTen(scale).longValueExact();
  }
}
