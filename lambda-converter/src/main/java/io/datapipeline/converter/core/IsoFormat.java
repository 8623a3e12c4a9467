package io.datapipeline.converter.core;

import java.time.LocalDate;

/** ISO-8601 text of dates (epoch days) and timestamps (epoch micros, UTC) without allocation. */
public final class IsoFormat {
  private IsoFormat() {}

  /** Appends {@code yyyy-MM-dd}. */
  public static void appendDate(StringBuilder out, long epochDay) {
    long ymd = civil(epochDay);
    if (ymd < 0) {
      out.append(LocalDate.ofEpochDay(epochDay));
      return;
    }
    pad(out, ymd / 10_000, 4);
    out.append('-');
    pad(out, (ymd / 100) % 100, 2);
    out.append('-');
    pad(out, ymd % 100, 2);
  }

  /**
   * The date of {@code epochDay} as the number {@code yyyyMMdd}, or -1 for a year outside 0-9999
   * (whose ISO text has a sign or more digits: left to java.time). The inverse of
   * CivilTime.epochDay (H. Hinnant's civil_from_days).
   */
  private static long civil(long epochDay) {
    long z = epochDay + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) {
      y++;
    }
    return y < 0 || y > 9999 ? -1 : y * 10_000 + m * 100 + d;
  }

  /** Longest text {@link #putTimestamp} writes. */
  public static final int MAX_TIMESTAMP_BYTES = 27;

  /**
   * Writes {@code yyyy-MM-dd} as ASCII bytes at {@code at} (10 bytes) and returns the index after
   * it, or -1 (nothing written) for a year outside 0-9999: the caller then uses {@link #date}.
   */
  public static int putDate(byte[] out, int at, long epochDay) {
    long ymd = civil(epochDay);
    if (ymd < 0) {
      return -1;
    }
    int y = (int) (ymd / 10_000);
    put2(out, at, y / 100);
    put2(out, at + 2, y % 100);
    out[at + 4] = '-';
    put2(out, at + 5, (int) (ymd / 100) % 100);
    out[at + 7] = '-';
    put2(out, at + 8, (int) (ymd % 100));
    return at + 10;
  }

  /**
   * Writes the text {@link #appendTimestamp} appends as ASCII bytes at {@code at} (at most {@value
   * #MAX_TIMESTAMP_BYTES}) and returns the index after it, or -1 (nothing written) for a year
   * outside 0-9999: the caller then uses {@link #timestamp}.
   */
  public static int putTimestamp(byte[] out, int at, long epochMicros) {
    long seconds = Math.floorDiv(epochMicros, 1_000_000L);
    int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    int i = putDate(out, at, Math.floorDiv(seconds, 86_400L));
    if (i < 0) {
      return -1;
    }
    out[i] = 'T';
    put2(out, i + 1, secondOfDay / 3600);
    out[i + 3] = ':';
    put2(out, i + 4, (secondOfDay / 60) % 60);
    out[i + 6] = ':';
    put2(out, i + 7, secondOfDay % 60);
    i += 9;
    if (micros != 0) {
      out[i++] = '.';
      int digits = 6;
      if (micros % 1000 == 0) {
        micros /= 1000;
        digits = 3;
      }
      for (int d = i + digits - 1; d >= i; d--) {
        out[d] = (byte) ('0' + micros % 10);
        micros /= 10;
      }
      i += digits;
    }
    out[i] = 'Z';
    return i + 1;
  }

  /** Two decimal digits of {@code value} (0-99) at {@code at}. */
  private static void put2(byte[] out, int at, int value) {
    out[at] = (byte) ('0' + value / 10);
    out[at + 1] = (byte) ('0' + value % 10);
  }

  /** Appends {@code yyyy-MM-ddTHH:mm:ss[.ffffff]Z}. */
  public static void appendTimestamp(StringBuilder out, long epochMicros) {
    long seconds = Math.floorDiv(epochMicros, 1_000_000L);
    long micros = Math.floorMod(epochMicros, 1_000_000L);
    long day = Math.floorDiv(seconds, 86_400L);
    long secondOfDay = Math.floorMod(seconds, 86_400L);
    appendDate(out, day);
    out.append('T');
    pad(out, secondOfDay / 3600, 2);
    out.append(':');
    pad(out, (secondOfDay / 60) % 60, 2);
    out.append(':');
    pad(out, secondOfDay % 60, 2);
    if (micros != 0) {
      out.append('.');
      if (micros % 1000 == 0) {
        pad(out, micros / 1000, 3);
      } else {
        pad(out, micros, 6);
      }
    }
    out.append('Z');
  }

  public static String date(long epochDay) {
    StringBuilder out = new StringBuilder(10);
    appendDate(out, epochDay);
    return out.toString();
  }

  public static String timestamp(long epochMicros) {
    StringBuilder out = new StringBuilder(27);
    appendTimestamp(out, epochMicros);
    return out.toString();
  }

  private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  /** Fixed-width decimal digits, char by char (StringBuilder.append(long) was the hot spot). */
  private static void pad(StringBuilder out, long value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      out.append((char) ('0' + (value / POW10[i]) % 10));
    }
  }
}
