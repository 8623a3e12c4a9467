package io.datapipeline.converter.core;

/** ISO-8601 text of dates (epoch days) and timestamps (epoch micros, UTC) without allocation. */
public final class IsoFormat {
  private IsoFormat() {}

  /** Appends {@code yyyy-MM-dd}. */
  public static void appendDate(StringBuilder out, long epochDay) {
    // Inverse of CivilTime.epochDay (H. Hinnant's civil_from_days).
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
    if (y < 0 || y > 9999) {
      out.append(java.time.LocalDate.ofEpochDay(epochDay));
      return;
    }
    pad(out, y, 4);
    out.append('-');
    pad(out, m, 2);
    out.append('-');
    pad(out, d, 2);
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
