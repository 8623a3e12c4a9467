package io.datapipeline.converter.sink;

import java.util.function.Function;

/**
 * The encoded form (a Parquet Binary, JSON bytes) of the strings a column saw last, by identity:
 * the converter hands the same String for a repeated value of a column of few distinct values
 * (core.RecentStrings), which is then encoded once instead of per row. The encoded values must be
 * immutable once made, as they are shared (Parquet's dictionary keeps its Binaries).
 */
final class EncodedStrings<T> {
  private static final int SLOTS = 64; // a power of two
  private final Function<String, T> encoder;
  private final String[] strings = new String[SLOTS];
  private final Object[] encoded = new Object[SLOTS];

  EncodedStrings(Function<String, T> encoder) {
    this.encoder = encoder;
  }

  @SuppressWarnings("unchecked") // encoded[slot] was made by encoder for strings[slot]
  T of(String value) {
    int slot = value.hashCode() & (SLOTS - 1); // cached in the String after the first call
    if (strings[slot] == value) {
      return (T) encoded[slot];
    }
    T made = encoder.apply(value);
    strings[slot] = value;
    encoded[slot] = made;
    return made;
  }
}
