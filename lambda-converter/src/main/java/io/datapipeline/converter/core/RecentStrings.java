package io.datapipeline.converter.core;

import io.datapipeline.converter.csv.CharSlice;
import java.util.Arrays;

/**
 * One string column's recently seen values, so a column of few distinct values (a status, a
 * country, a customer) makes one String per distinct value instead of one per row: a small table
 * indexed by the characters' hash, each slot holding the last String that hashed there. Strings are
 * immutable, so rows share them freely. A column whose values rarely repeat stops looking after its
 * first {@value #PROBE} values (the lookups would cost without paying), and long texts are never
 * looked up.
 */
final class RecentStrings {
  private static final int SLOTS = 512; // a power of two
  static final int PROBE = 4096;
  private static final int MAX_LENGTH = 64; // longer texts rarely repeat, and cost to compare

  private final String[] strings = new String[SLOTS];
  private final char[][] texts = new char[SLOTS][]; // each slot's String as chars, to compare
  private int lookups;
  private int hits;
  private boolean enabled = true;

  String of(CharSequence text) {
    if (text instanceof CharSlice slice) {
      return of(slice.array(), slice.offset(), slice.length());
    }
    char[] chars = text.toString().toCharArray();
    return of(chars, 0, chars.length);
  }

  /**
   * The String of {@code chars[start, start + length)}: read straight from the parser's buffer
   * (hashed and compared as an array, no call per character).
   */
  String of(char[] chars, int start, int length) {
    if (!enabled || length > MAX_LENGTH) {
      return new String(chars, start, length);
    }
    if (lookups < PROBE && ++lookups == PROBE && hits < PROBE / 4) {
      enabled = false; // mostly distinct values: give the table up
    }
    int hash = 0;
    for (int i = start, end = start + length; i < end; i++) {
      hash = 31 * hash + chars[i];
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    char[] seen = texts[slot];
    if (seen != null && Arrays.equals(seen, 0, seen.length, chars, start, start + length)) {
      hits++;
      return strings[slot];
    }
    String made = new String(chars, start, length);
    strings[slot] = made;
    texts[slot] = Arrays.copyOfRange(chars, start, start + length);
    return made;
  }
}
