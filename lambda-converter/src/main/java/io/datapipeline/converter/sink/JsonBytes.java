package io.datapipeline.converter.sink;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A byte buffer that writes JSON text straight as UTF-8, without a Writer's char-to-byte encoder in
 * the way (which cost as much as the Parquet encoding in the benchmark).
 */
final class JsonBytes {
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

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
    int start = n;
    digitsFromTheRight(value);
    reverseFrom(start);
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
        ascii(java.math.BigDecimal.valueOf(unscaled, scale).toPlainString());
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
    // Digits from the right: the scale's digits (zero-padded), the point, then at least one more.
    int start = n;
    for (int i = 0; i < scale; i++) {
      buf[n++] = (byte) ('0' + unscaled % 10);
      unscaled /= 10;
    }
    buf[n++] = '.';
    digitsFromTheRight(unscaled);
    reverseFrom(start);
  }

  /**
   * {@code value}'s decimal digits (at least one), last digit first: {@link #reverseFrom} turns
   * them.
   */
  private void digitsFromTheRight(long value) {
    do {
      buf[n++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
  }

  /** Reverses what was written since {@code start}. */
  private void reverseFrom(int start) {
    for (int i = start, j = n - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
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
