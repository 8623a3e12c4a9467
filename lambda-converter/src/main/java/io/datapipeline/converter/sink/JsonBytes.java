package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.IsoFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * A byte buffer that writes JSON text straight as UTF-8, without a Writer's char-to-byte encoder in
 * the way (which cost as much as the Parquet encoding in the benchmark).
 */
final class JsonBytes {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final byte[] buf = new byte[1 << 16];
  private int n;

  JsonBytes(OutputStream out) {
    this.out = out;
  }

  void raw(byte[] bytes) throws IOException {
    if (n + bytes.length > buf.length) {
      drain();
      if (bytes.length > buf.length) {
        out.write(bytes);
        return;
      }
    }
    System.arraycopy(bytes, 0, buf, n, bytes.length);
    n += bytes.length;
  }

  void ascii(char c) throws IOException {
    if (n == buf.length) {
      drain();
    }
    buf[n++] = (byte) c;
  }

  /** Text known to be ASCII (numbers, ISO dates). */
  void ascii(CharSequence s) throws IOException {
    int length = s.length();
    if (n + length > buf.length) {
      drain();
    }
    for (int i = 0; i < length; i++) {
      if (n == buf.length) {
        drain();
      }
      buf[n++] = (byte) s.charAt(i);
    }
  }

  void number(long value) throws IOException {
    if (n + 20 > buf.length) {
      drain();
    }
    if (value == Long.MIN_VALUE) {
      ascii(Long.toString(value));
      return;
    }
    if (value < 0) {
      buf[n++] = '-';
      value = -value;
    }
    n = putDigits(buf, n, value);
  }

  /**
   * {@code unscaled / 10^scale} in plain notation, exactly as {@code BigDecimal.toPlainString}
   * writes it ({@code -0.05}, {@code 12.50}, {@code 0.00}), without the strings it builds.
   */
  void decimal(long unscaled, int scale) throws IOException {
    if (scale == 0 || unscaled == Long.MIN_VALUE) {
      if (scale == 0) {
        number(unscaled);
      } else {
        ascii(BigDecimal.valueOf(unscaled, scale).toPlainString());
      }
      return;
    }
    if (n + 22 + scale > buf.length) {
      drain();
    }
    if (unscaled < 0) {
      buf[n++] = '-';
      unscaled = -unscaled;
    }
    n = putPlain(buf, n, unscaled, scale);
  }

  /** A float64 as {@link Double#toString} writes it (see {@link DoubleText}). */
  void number(double value) throws IOException {
    if (n + DoubleText.MAX_FAST_BYTES > buf.length) {
      drain();
    }
    int end = DoubleText.put(buf, n, value);
    if (end < 0) {
      ascii(Double.toString(value));
    } else {
      n = end;
    }
  }

  /** A date as a JSON string, {@code "yyyy-MM-dd"} (see {@link IsoFormat#appendDate}). */
  void date(long epochDay) throws IOException {
    isoString(epochDay, false);
  }

  /** A timestamp as a JSON string, ISO-8601 in UTC (see {@link IsoFormat#appendTimestamp}). */
  void timestamp(long epochMicros) throws IOException {
    isoString(epochMicros, true);
  }

  /** A date's or timestamp's ISO text, quoted; java.time's text for years outside 0-9999. */
  private void isoString(long value, boolean timestamp) throws IOException {
    if (n + IsoFormat.MAX_TIMESTAMP_BYTES + 2 > buf.length) {
      drain();
    }
    buf[n] = '"';
    int end =
        timestamp
            ? IsoFormat.putTimestamp(buf, n + 1, value)
            : IsoFormat.putDate(buf, n + 1, value);
    if (end < 0) {
      ascii('"');
      ascii(timestamp ? IsoFormat.timestamp(value) : IsoFormat.date(value));
    } else {
      n = end;
    }
    ascii('"');
  }

  /**
   * Writes {@code value}'s (not negative) decimal digits at {@code at}, returns the index after
   * them. The digit count comes first, then the digits are written from the right, two per
   * division, so no reversal and half the divisions of a digit-by-digit loop.
   */
  static int putDigits(byte[] out, int at, long value) {
    int end = at + digitCount(value);
    int i = end;
    while (value >= 100) {
      long q = value / 100;
      int r = (int) (value - q * 100);
      out[--i] = ONES[r];
      out[--i] = TENS[r];
      value = q;
    }
    if (value >= 10) {
      out[--i] = ONES[(int) value];
      out[--i] = TENS[(int) value];
    } else {
      out[--i] = (byte) ('0' + value);
    }
    return end;
  }

  /**
   * Writes {@code unscaled / 10^scale} (unscaled not negative, scale at least 1) in plain notation
   * at {@code at}: at least one digit before the point, exactly {@code scale} after it.
   */
  static int putPlain(byte[] out, int at, long unscaled, int scale) {
    int digits = Math.max(digitCount(unscaled), scale + 1);
    int end = at + digits + 1;
    int i = end;
    for (int k = 0; k < scale; k++) {
      long q = unscaled / 10;
      out[--i] = (byte) ('0' + (unscaled - q * 10));
      unscaled = q;
    }
    out[--i] = '.';
    putDigits(out, at, unscaled); // what is left is the integer part, at least one digit
    return end;
  }

  /** The number of decimal digits of a value that is not negative (1 for 0). */
  static int digitCount(long value) {
    int count = 1;
    long bound = 10;
    while (count < 19 && value >= bound) {
      count++;
      bound *= 10;
    }
    return count;
  }

  private static final byte[] TENS = new byte[100];
  private static final byte[] ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      TENS[i] = (byte) ('0' + i / 10);
      ONES[i] = (byte) ('0' + i % 10);
    }
  }

  /** A JSON string: quoted, escaped, encoded as UTF-8 (surrogate pairs as 4 bytes). */
  void string(String s) throws IOException {
    ascii('"');
    int length = s.length();
    for (int i = 0; i < length; i++) {
      if (n + 12 > buf.length) {
        drain();
      }
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          buf[n++] = (byte) c;
        } else {
          escape(c);
        }
      } else if (c < 0x800) {
        buf[n++] = (byte) (0xC0 | (c >> 6));
        buf[n++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[n++] = (byte) (0xF0 | (cp >> 18));
        buf[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[n++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        escape(c); // a lone surrogate cannot be UTF-8; JSON's \\u escape keeps it
      } else {
        buf[n++] = (byte) (0xE0 | (c >> 12));
        buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[n++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    ascii('"');
  }

  private void escape(char c) {
    buf[n++] = '\\';
    switch (c) {
      case '"' -> buf[n++] = '"';
      case '\\' -> buf[n++] = '\\';
      case '\n' -> buf[n++] = 'n';
      case '\r' -> buf[n++] = 'r';
      case '\t' -> buf[n++] = 't';
      default -> {
        buf[n++] = 'u';
        buf[n++] = HEX[(c >> 12) & 0xF];
        buf[n++] = HEX[(c >> 8) & 0xF];
        buf[n++] = HEX[(c >> 4) & 0xF];
        buf[n++] = HEX[c & 0xF];
      }
    }
  }

  private void drain() throws IOException {
    out.write(buf, 0, n);
    n = 0;
  }

  /** Writes out what is buffered (not flushing the stream itself). */
  void flush() throws IOException {
    drain();
  }
}
