package io.datapipeline.converter.bench;

import java.time.LocalDateTime;

/**
 * What the two orders generators ({@link BenchOrdersCsv}, {@link OrdersCsv}) write alike: the
 * customers, a field quoted as CSV needs it, an amount in cents as a decimal, a timestamp.
 */
final class OrderFields {

  /** Customer names; two need quoting in CSV (a comma, a quote). */
  static final String[] CUSTOMERS = {
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella, Ltd.",
    "Stark Industries",
    "Wayne \"WE\" Enterprises",
    "Hooli",
    "Vandelay Industries"
  };

  private OrderFields() {}

  /**
   * {@code value} as a CSV field: in quotes, its quotes doubled, when it holds a comma or quote.
   */
  static StringBuilder field(StringBuilder line, String value) {
    if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0) {
      return line.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
    return line.append(value);
  }

  /** {@code cents} as a decimal with two places, e.g. {@code -12.05}. */
  static StringBuilder amount(StringBuilder line, long cents) {
    if (cents < 0) {
      line.append('-');
    }
    long abs = Math.abs(cents);
    return line.append(abs / 100).append('.').append(abs % 100 < 10 ? "0" : "").append(abs % 100);
  }

  /** {@code yyyy-MM-dd HH:mm:ss}. */
  static StringBuilder timestamp(StringBuilder line, LocalDateTime at) {
    line.append(at.getYear()).append('-');
    two(line, at.getMonthValue()).append('-');
    two(line, at.getDayOfMonth()).append(' ');
    two(line, at.getHour()).append(':');
    two(line, at.getMinute()).append(':');
    return two(line, at.getSecond());
  }

  private static StringBuilder two(StringBuilder out, int value) {
    return out.append(value < 10 ? "0" : "").append(value);
  }
}
