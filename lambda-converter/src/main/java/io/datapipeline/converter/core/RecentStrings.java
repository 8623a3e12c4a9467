package io.datapipeline.converter.core;

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

  private final String[] slots = new String[SLOTS];
  private int lookups;
  private int hits;
  private boolean enabled = true;

  String of(CharSequence text) {
    int length = text.length();
    if (!enabled || length > MAX_LENGTH) {
      return text.toString();
    }
    if (lookups < PROBE && ++lookups == PROBE && hits < PROBE / 4) {
      enabled = false; // mostly distinct values: give the table up
    }
    int hash = 0;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + text.charAt(i);
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    String seen = slots[slot];
    if (seen != null && seen.length() == length && sameChars(seen, text)) {
      hits++;
      return seen;
    }
    String made = text.toString();
    slots[slot] = made;
    return made;
  }

  private static boolean sameChars(String seen, CharSequence text) {
    for (int i = 0; i < seen.length(); i++) {
      if (seen.charAt(i) != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
