package io.datapipeline.converter.schema;

import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;

/** Turns a user's java.time pattern into a strict formatter (no silent 31 February). */
public final class TemporalPatterns {
  private TemporalPatterns() {}

  /**
   * A STRICT formatter for {@code pattern}. Users write {@code yyyy} (year of era), which STRICT
   * resolution cannot use without an era, so it is read as {@code uuuu} (proleptic year).
   */
  public static DateTimeFormatter formatter(String pattern) {
    return DateTimeFormatter.ofPattern(yearOfEraToYear(pattern), Locale.ROOT)
        .withResolverStyle(ResolverStyle.STRICT);
  }

  static String yearOfEraToYear(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length());
    boolean literal = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        literal = !literal;
      }
      out.append(!literal && c == 'y' ? 'u' : c);
    }
    return out.toString();
  }
}
