package io.datapipeline.converter.core;

import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.TemporalPatterns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.zone.ZoneRules;
import java.util.Locale;

/**
 * Builds the parsers of each column type, per the schema's type table: the {@link FieldReader} the
 * converter types fields with (straight from the CSV parser's buffer into a {@link RowBatch}, no
 * String and no boxing for a typed column), and the {@link ValueParser} of the same values as
 * objects (schema inference, tests). Both run the same code: a fast path for the common shapes and,
 * for anything else, the exact path that decides every value and every error message.
 */
public final class ValueParsers {

  private ValueParsers() {}

  /** The column's values as objects (see {@link ValueParser} for the types). */
  public static ValueParser forColumn(Column column) {
    return switch (column.type()) {
      case STRING -> text -> text;
      case INT64 -> ValueParsers::int64;
      case FLOAT64 -> ValueParsers::float64;
      case DECIMAL -> decimal(column.precision(), column.scale());
      case BOOLEAN -> ValueParsers::bool;
      case DATE -> {
        TemporalParser date = date(column.format());
        yield text -> (int) date.parse(text);
      }
      case TIMESTAMP -> {
        TemporalParser timestamp = timestamp(column);
        yield text -> timestamp.parse(text);
      }
    };
  }

  /** Reads one non-null field of {@code column} into the next row of a batch. */
  @FunctionalInterface
  interface FieldReader {
    void read(CharSequence text, RowBatch batch, int column) throws BadValueException;
  }

  static FieldReader readerFor(Column column) {
    return new ColumnReader(column);
  }

  /**
   * A column's reader, one class for every column type: the converter's call per field then has a
   * single receiver class (inlined) and the type is a switch, where a lambda per type made it a
   * megamorphic interface call per value.
   */
  static final class ColumnReader implements FieldReader {
    private final ColumnType type;
    private final boolean longDecimal;
    private final RecentStrings recent;
    private final DecimalParser decimal;
    private final TemporalParser temporal;

    ColumnReader(Column column) {
      type = column.type();
      longDecimal = type == ColumnType.DECIMAL && RowBatch.isLongDecimal(column);
      recent = type == ColumnType.STRING ? new RecentStrings() : null;
      decimal = type == ColumnType.DECIMAL ? decimal(column.precision(), column.scale()) : null;
      temporal =
          switch (type) {
            case DATE -> date(column.format());
            case TIMESTAMP -> timestamp(column);
            default -> null;
          };
    }

    @Override
    public void read(CharSequence text, RowBatch batch, int c) throws BadValueException {
      switch (type) {
        case STRING -> batch.setObject(c, recent.of(text));
        case INT64 -> batch.setLong(c, int64(text));
        case FLOAT64 -> batch.setDouble(c, float64(text));
        case BOOLEAN -> batch.setBoolean(c, bool(text));
        case DECIMAL -> {
          if (longDecimal) {
            batch.setLong(c, decimal.unscaled(text));
          } else {
            batch.setObject(c, decimal.parse(text));
          }
        }
        case DATE, TIMESTAMP -> batch.setLong(c, temporal.parse(text));
      }
    }
  }

  static long int64(CharSequence text) throws BadValueException {
    long simple = plainDigits(text, 18, false);
    if (simple != NOT_PLAIN) {
      return simple;
    }
    int from = stripStart(text);
    int to = stripEnd(text, from);
    try {
      return Long.parseLong(text, from, to, 10);
    } catch (NumberFormatException e) {
      throw new BadValueException(quoted(text) + " is not a 64-bit integer");
    }
  }

  static double float64(CharSequence text) throws BadValueException {
    double simple = simpleDouble(text);
    if (!Double.isNaN(simple)) {
      return simple;
    }
    String s = text.toString().strip();
    // Double.parseDouble also takes "1d", "0x1p3", "NaN" and "Infinity": none is CSV data we
    // can store in every target (JSON and DynamoDB have no NaN), so refuse them.
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    if (!(last >= '0' && last <= '9') && last != '.') {
      throw new BadValueException(quoted(text) + " is not a finite decimal number");
    }
    try {
      double value = Double.parseDouble(s);
      if (!Double.isFinite(value) || s.indexOf('x') >= 0 || s.indexOf('X') >= 0) {
        throw new BadValueException(quoted(text) + " is not a finite decimal number");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new BadValueException(quoted(text) + " is not a number");
    }
  }

  private static final double[] DOUBLE_POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
  };

  private static final long[] LONG_POW10 = new long[19];

  static {
    LONG_POW10[0] = 1;
    for (int i = 1; i < LONG_POW10.length; i++) {
      LONG_POW10[i] = LONG_POW10[i - 1] * 10;
    }
  }

  /**
   * The common shape {@code [+-]digits[.digits]} of at most 15 digits, without Double.parseDouble's
   * general algorithm: both the digits (below 10^15 < 2^53) and the power of ten are exact doubles,
   * so one IEEE division gives the correctly rounded value, the same double parseDouble returns
   * (Clinger's fast path). NaN for any other text (the general path decides).
   */
  static double simpleDouble(CharSequence text) {
    long digits = plainDigits(text, 15, true);
    if (digits == NOT_PLAIN) {
      return Double.NaN;
    }
    int fraction = digitsAfterPoint(text);
    // IEEE division rounds symmetrically, so dividing the signed digits is the same as negating
    // the quotient; only zero needs its sign back ("-0" is -0.0, as parseDouble says).
    double value = fraction > 0 ? digits / DOUBLE_POW10[fraction] : (double) digits;
    return digits == 0 && text.charAt(0) == '-' ? -0.0 : value;
  }

  /** What {@link #plainDigits} returns for any other text (no plain number reaches it). */
  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * The signed digits of {@code [+-]digits[.digits]} (the point ignored, and allowed only when
   * {@code point} is) when the text has that shape and at most {@code maxDigits} (at most 18)
   * digits; {@link #NOT_PLAIN} otherwise.
   */
  private static long plainDigits(CharSequence text, int maxDigits, boolean allowPoint) {
    int n = text.length();
    int i = 0;
    boolean negative = false;
    if (n > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    long digits = 0;
    int count = 0;
    boolean point = !allowPoint;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++count > maxDigits) {
          return NOT_PLAIN;
        }
        digits = digits * 10 + (c - '0');
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return NOT_PLAIN;
      }
    }
    if (count == 0) {
      return NOT_PLAIN;
    }
    return negative ? -digits : digits;
  }

  /** Digits after the point of a text {@link #plainDigits} accepted. */
  private static int digitsAfterPoint(CharSequence text) {
    for (int i = text.length() - 1; i >= 0; i--) {
      if (text.charAt(i) == '.') {
        return text.length() - i - 1;
      }
    }
    return 0;
  }

  /**
   * A decimal column's parser. Its fast path takes {@code [+-]digits[.digits]} of at most 18 digits
   * for a column of at most 18 digits, and returns a value only when the exact path (BigDecimal's
   * parser and checks) would return the same one; anything else, including every error, goes
   * through the exact path, so the messages stay its own.
   */
  static DecimalParser decimal(int precision, int scale) {
    return new DecimalParser(precision, scale, exactDecimal(precision, scale));
  }

  /**
   * A decimal column's values: as BigDecimals, or for at most 18 digits as unscaled longs; {@code
   * exact} decides whatever the fast path does not take.
   */
  record DecimalParser(int precision, int scale, ValueParser exact) implements ValueParser {

    @Override
    public BigDecimal parse(String text) throws BadValueException {
      return parse((CharSequence) text);
    }

    BigDecimal parse(CharSequence text) throws BadValueException {
      if (precision <= 18) {
        long simple = simpleUnscaled(text, precision, scale);
        if (simple != NOT_PLAIN) {
          return BigDecimal.valueOf(simple, scale);
        }
      }
      return (BigDecimal) exact.parse(text.toString());
    }

    /** The value's unscaled long at the column's scale (a column of at most 18 digits). */
    long unscaled(CharSequence text) throws BadValueException {
      long simple = simpleUnscaled(text, precision, scale);
      if (simple != NOT_PLAIN) {
        return simple;
      }
      // At the column's scale with at most 18 digits: the compact long, no BigInteger.
      return ((BigDecimal) exact.parse(text.toString())).scaleByPowerOfTen(scale).longValueExact();
    }
  }

  /** See {@link #decimal}: the value at {@code scale}, or null when the exact path must decide. */
  static BigDecimal simpleDecimal(String text, int precision, int scale) {
    long unscaled = simpleUnscaled(text, precision, scale);
    return unscaled == NOT_PLAIN ? null : BigDecimal.valueOf(unscaled, scale);
  }

  /**
   * The unscaled value at {@code scale} of a plain number that fits {@code decimal(precision,
   * scale)} exactly (precision at most 18), or {@link #NOT_PLAIN} when the exact path must decide.
   */
  private static long simpleUnscaled(CharSequence text, int precision, int scale) {
    long digits = plainDigits(text, 18, true);
    if (digits == NOT_PLAIN) {
      return NOT_PLAIN;
    }
    boolean negative = digits < 0;
    long unscaled = Math.abs(digits);
    int digitsAfterPoint = digitsAfterPoint(text);
    while (digitsAfterPoint > scale) { // "1.50000" is 1.50; "1.505" is the exact path's error
      if (unscaled % 10 != 0) {
        return NOT_PLAIN;
      }
      unscaled /= 10;
      digitsAfterPoint--;
    }
    // At the column's scale the value must stay below 10^precision (so within a long).
    if (unscaled >= LONG_POW10[precision - (scale - digitsAfterPoint)]) {
      return NOT_PLAIN;
    }
    unscaled *= LONG_POW10[scale - digitsAfterPoint];
    return negative ? -unscaled : unscaled;
  }

  static ValueParser exactDecimal(int precision, int scale) {
    return text -> {
      BigDecimal value;
      try {
        value = new BigDecimal(text.strip());
      } catch (NumberFormatException e) {
        throw new BadValueException(quoted(text) + " is not a decimal number");
      }
      // Bound the exponent before any arithmetic: "1e10000000" parses in no time, but scaling it
      // would build a ten-million-digit number (seconds per cell).
      if (value.signum() != 0
          && (long) value.precision() - value.scale() > (long) precision - scale) {
        throw new BadValueException(
            quoted(text) + " does not fit decimal(" + precision + "," + scale + ")");
      }
      if (value.scale() > scale) {
        value = value.stripTrailingZeros(); // "1.50000" is 1.50; "1e-10000000" stays long
        if (value.scale() > scale) {
          throw new BadValueException(
              quoted(text) + " has more than " + scale + " digits after the decimal point");
        }
      }
      try {
        value = value.setScale(scale, RoundingMode.UNNECESSARY);
      } catch (ArithmeticException e) {
        throw new BadValueException(
            quoted(text) + " has more than " + scale + " digits after the decimal point");
      }
      if (value.precision() > precision) {
        throw new BadValueException(
            quoted(text) + " does not fit decimal(" + precision + "," + scale + ")");
      }
      return value;
    };
  }

  static boolean bool(CharSequence text) throws BadValueException {
    if (text.length() == 4 && contentEquals(text, "true")) { // the common spellings first
      return true;
    }
    if (text.length() == 5 && contentEquals(text, "false")) {
      return false;
    }
    String s = text.toString().strip().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "t", "yes", "y", "1" -> true;
      case "false", "f", "no", "n", "0" -> false;
      default ->
          throw new BadValueException(
              quoted(text) + " is not a boolean (true/false, t/f, yes/no, y/n, 1/0)");
    };
  }

  /**
   * A date column's values as days since 1970-01-01, or a timestamp column's as microseconds since
   * the epoch, UTC.
   */
  @FunctionalInterface
  interface TemporalParser {
    long parse(CharSequence text) throws BadValueException;
  }

  static TemporalParser date(String format) {
    String pattern = format == null ? "yyyy-MM-dd" : format;
    FixedWidthPattern fast = FixedWidthPattern.compile(pattern);
    if (fast != null && !fast.hasTime()) {
      int[] parts = new int[7];
      return text -> {
        if (!fast.parse(stripped(text), parts)) {
          throw new BadValueException(quoted(text) + " is not a date of the form " + pattern);
        }
        return (int) CivilTime.epochDay(parts[0], parts[1], parts[2]);
      };
    }
    DateTimeFormatter formatter = TemporalPatterns.formatter(pattern);
    return text -> {
      try {
        return (int) LocalDate.parse(stripped(text), formatter).toEpochDay();
      } catch (DateTimeException e) {
        throw new BadValueException(quoted(text) + " is not a date of the form " + pattern);
      }
    };
  }

  private static TemporalParser timestamp(Column column) {
    return timestamp(column.format(), column.timeZone() == null ? "UTC" : column.timeZone());
  }

  static TemporalParser timestamp(String format, String timeZone) {
    ZoneId zone = ZoneId.of(timeZone);
    ZoneRules rules = zone.getRules();
    if (format == null) {
      return isoTimestamp(zone);
    }
    FixedWidthPattern fast = FixedWidthPattern.compile(format);
    if (fast != null) {
      int[] parts = new int[7];
      return text -> {
        if (!fast.parse(stripped(text), parts)) {
          throw new BadValueException(quoted(text) + " is not a timestamp of the form " + format);
        }
        return localToMicros(parts, 0, rules, false);
      };
    }
    DateTimeFormatter formatter = TemporalPatterns.formatter(format);
    return text -> {
      try {
        return temporalToMicros(formatter.parse(stripped(text)), zone);
      } catch (DateTimeException e) {
        throw new BadValueException(quoted(text) + " is not a timestamp of the form " + format);
      }
    };
  }

  /**
   * ISO-8601: {@code 2024-05-01T12:00:00[.fraction][Z|+hh:mm]} (a space instead of T is accepted);
   * without an offset the column's time zone applies. Other ISO shapes go through java.time.
   */
  private static TemporalParser isoTimestamp(ZoneId zone) {
    ZoneRules rules = zone.getRules();
    FixedWidthPattern withT = FixedWidthPattern.compile("yyyy-MM-dd'T'HH:mm:ss");
    FixedWidthPattern withSpace = FixedWidthPattern.compile("yyyy-MM-dd HH:mm:ss");
    int[] parts = new int[7];
    return text -> {
      CharSequence s = stripped(text);
      if (s.length() >= 19 && (s.charAt(10) == 'T' || s.charAt(10) == ' ')) {
        FixedWidthPattern base = s.charAt(10) == 'T' ? withT : withSpace;
        if (base.parsePrefix(s, parts)) {
          int at = 19;
          int nano = 0;
          if (at < s.length() && s.charAt(at) == '.') {
            int digits = 0;
            at++;
            while (at < s.length() && Character.isDigit(s.charAt(at)) && digits < 9) {
              nano = nano * 10 + (s.charAt(at) - '0');
              digits++;
              at++;
            }
            if (digits == 0) {
              throw new BadValueException(quoted(text) + " is not an ISO-8601 timestamp");
            }
            for (int d = digits; d < 9; d++) {
              nano *= 10;
            }
          }
          parts[FixedWidthPattern.NANO] = nano;
          if (at == s.length()) {
            return localToMicros(parts, 0, rules, false);
          }
          String offset = s.subSequence(at, s.length()).toString();
          try {
            int seconds = "Z".equals(offset) ? 0 : ZoneOffset.of(offset).getTotalSeconds();
            return localToMicros(parts, seconds, rules, true);
          } catch (DateTimeException e) {
            throw new BadValueException(quoted(text) + " has an invalid offset " + quoted(offset));
          }
        }
      }
      try {
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(s);
        return temporalToMicros(parsed, zone);
      } catch (DateTimeException e) {
        throw new BadValueException(quoted(text) + " is not an ISO-8601 timestamp");
      }
    };
  }

  private static long localToMicros(int[] p, int offsetSeconds, ZoneRules rules, boolean hasOffset)
      throws BadValueException {
    long day = CivilTime.epochDay(p[0], p[1], p[2]);
    long seconds = day * 86_400L + p[3] * 3600L + p[4] * 60L + p[5];
    if (hasOffset) {
      seconds -= offsetSeconds;
    } else if (rules.isFixedOffset()) {
      seconds -= rules.getOffset(Instant.EPOCH).getTotalSeconds();
    } else {
      LocalDateTime local = LocalDateTime.of(p[0], p[1], p[2], p[3], p[4], p[5]);
      seconds -= rules.getOffset(local).getTotalSeconds();
    }
    return seconds * 1_000_000L + p[6] / 1000;
  }

  private static long temporalToMicros(TemporalAccessor parsed, ZoneId zone) {
    Instant instant;
    if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
      instant = Instant.from(parsed);
    } else {
      LocalDateTime local =
          parsed.isSupported(ChronoField.HOUR_OF_DAY)
              ? LocalDateTime.from(parsed)
              : LocalDate.from(parsed).atStartOfDay();
      instant = local.atZone(zone).toInstant();
    }
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  static String quoted(CharSequence text) {
    String shown = text.length() > 80 ? text.subSequence(0, 80) + "..." : text.toString();
    return "'" + shown + "'";
  }

  /** {@code text} without leading and trailing white space ({@link String#strip}'s). */
  private static CharSequence stripped(CharSequence text) {
    int from = stripStart(text);
    int to = stripEnd(text, from);
    return from == 0 && to == text.length() ? text : text.subSequence(from, to);
  }

  private static int stripStart(CharSequence text) {
    int from = 0;
    while (from < text.length() && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    return from;
  }

  private static int stripEnd(CharSequence text, int from) {
    int to = text.length();
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  private static boolean contentEquals(CharSequence text, String expected) {
    if (text.length() != expected.length()) {
      return false;
    }
    for (int i = 0; i < expected.length(); i++) {
      if (text.charAt(i) != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
