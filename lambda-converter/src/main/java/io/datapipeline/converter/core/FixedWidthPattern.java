package io.datapipeline.converter.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A fast parser for the common all-numeric, fixed-width date/time patterns ({@code yyyy-MM-dd},
 * {@code yyyy/MM/dd HH:mm:ss}, {@code dd.MM.yyyy HH:mm:ss.SSS}...). java.time's formatter costs
 * about 0.35 s per million values; this costs a few ns. Patterns it does not understand return null
 * from {@link #compile} and are left to java.time.
 */
final class FixedWidthPattern {
  static final int YEAR = 0;
  static final int MONTH = 1;
  static final int DAY = 2;
  static final int HOUR = 3;
  static final int MINUTE = 4;
  static final int SECOND = 5;
  static final int NANO = 6;

  private final int[] kinds; // field kind, or -1 for a literal
  private final int[] widths;
  private final char[] literals;
  private final int length;
  private final boolean hasTime;

  private FixedWidthPattern(int[] kinds, int[] widths, char[] literals, int length) {
    this.kinds = kinds;
    this.widths = widths;
    this.literals = literals;
    this.length = length;
    boolean time = false;
    for (int kind : kinds) {
      time |= kind == HOUR;
    }
    this.hasTime = time;
  }

  /** The compiled pattern, or null when it has fields this parser does not handle. */
  static FixedWidthPattern compile(String pattern) {
    List<int[]> parts = new ArrayList<>();
    boolean[] seen = new boolean[7];
    int i = 0;
    int total = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        int close = pattern.indexOf('\'', i + 1);
        if (close != i + 2) {
          return null; // only single quoted characters such as 'T'
        }
        parts.add(new int[] {-1, 1, pattern.charAt(i + 1)});
        total++;
        i = close + 1;
        continue;
      }
      if (Character.isLetter(c)) {
        int j = i;
        while (j < pattern.length() && pattern.charAt(j) == c) {
          j++;
        }
        int width = j - i;
        int kind =
            switch (c) {
              case 'y', 'u' -> width == 4 ? YEAR : -2;
              case 'M' -> width == 2 ? MONTH : -2;
              case 'd' -> width == 2 ? DAY : -2;
              case 'H' -> width == 2 ? HOUR : -2;
              case 'm' -> width == 2 ? MINUTE : -2;
              case 's' -> width == 2 ? SECOND : -2;
              case 'S' -> width <= 9 ? NANO : -2;
              default -> -2;
            };
        if (kind == -2 || seen[kind]) {
          return null;
        }
        seen[kind] = true;
        parts.add(new int[] {kind, width, 0});
        total += width;
        i = j;
        continue;
      }
      if (c == '[' || c == ']' || c == '#' || c == '{' || c == '}') {
        return null;
      }
      parts.add(new int[] {-1, 1, c});
      total++;
      i++;
    }
    if (!seen[YEAR] || !seen[MONTH] || !seen[DAY]) {
      return null;
    }
    // A time needs hours and minutes; seconds and fractions are optional.
    if ((seen[HOUR] != seen[MINUTE]) || (seen[SECOND] && !seen[MINUTE])) {
      return null;
    }
    if (seen[NANO] && !seen[SECOND]) {
      return null;
    }
    int[] kinds = new int[parts.size()];
    int[] widths = new int[parts.size()];
    char[] literals = new char[parts.size()];
    for (int k = 0; k < parts.size(); k++) {
      kinds[k] = parts.get(k)[0];
      widths[k] = parts.get(k)[1];
      literals[k] = (char) parts.get(k)[2];
    }
    return new FixedWidthPattern(kinds, widths, literals, total);
  }

  boolean hasTime() {
    return hasTime;
  }

  /** The number of characters the pattern matches. */
  int length() {
    return length;
  }

  /**
   * Fills {@code out} (year, month, day, hour, minute, second, nano) from {@code text}; false when
   * the text does not have the pattern's shape or a field is out of range.
   */
  boolean parse(CharSequence text, int[] out) {
    return text.length() == length && parsePrefix(text, out);
  }

  /** As {@link #parse}, of the first {@link #length()} characters of a longer text. */
  boolean parsePrefix(CharSequence text, int[] out) {
    if (text.length() < length) {
      return false;
    }
    out[HOUR] = 0;
    out[MINUTE] = 0;
    out[SECOND] = 0;
    out[NANO] = 0;
    int at = 0;
    for (int k = 0; k < kinds.length; k++) {
      int kind = kinds[k];
      int width = widths[k];
      if (kind < 0) {
        if (text.charAt(at) != literals[k]) {
          return false;
        }
        at++;
        continue;
      }
      int value = 0;
      for (int w = 0; w < width; w++) {
        int digit = text.charAt(at + w) - '0';
        if (digit < 0 || digit > 9) {
          return false;
        }
        value = value * 10 + digit;
      }
      if (kind == NANO) {
        for (int w = width; w < 9; w++) {
          value *= 10;
        }
      }
      out[kind] = value;
      at += width;
    }
    return CivilTime.isValidDate(out[YEAR], out[MONTH], out[DAY])
        && out[HOUR] <= 23
        && out[MINUTE] <= 59
        && out[SECOND] <= 59;
  }
}
