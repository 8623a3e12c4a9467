package io.datapipeline.converter.core;

/**
 * Turns one non-null CSV field into its column's Java value: String, Long (int64), Double
 * (float64), BigDecimal (decimal, at the column's scale), Boolean, Integer (date: days since
 * 1970-01-01) or Long (timestamp: microseconds since the epoch, UTC).
 */
@FunctionalInterface
public interface ValueParser {
  Object parse(String text) throws BadValueException;
}
