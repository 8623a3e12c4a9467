package io.datapipeline.converter.core;

/** Allocation-free calendar arithmetic (proleptic Gregorian), used on the per-row hot path. */
final class CivilTime {
  private CivilTime() {}

  /** Days since 1970-01-01 of a valid date (H. Hinnant's days_from_civil). */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (long) era * 146097 + doe - 719468;
  }

  static boolean isValidDate(int year, int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= lengthOfMonth(year, month);
  }

  static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }
}
