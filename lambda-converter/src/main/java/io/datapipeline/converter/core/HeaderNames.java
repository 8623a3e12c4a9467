package io.datapipeline.converter.core;

import java.util.Locale;

/**
 * How a CSV header name becomes a column name: lower case, runs of other characters as one '_', a
 * leading letter guaranteed, at most 63 characters. The converter matches header names exactly
 * first and through this normalisation second, so {@code Order ID} finds column {@code order_id}.
 */
public final class HeaderNames {
  private HeaderNames() {}

  public static String normalize(String header, int position) {
    String lower = header.strip().toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    boolean underscore = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
        underscore = false;
      } else if (!underscore && out.length() > 0) {
        out.append('_');
        underscore = true;
      }
    }
    while (out.length() > 0 && out.charAt(out.length() - 1) == '_') {
      out.setLength(out.length() - 1);
    }
    if (out.length() == 0) {
      return "column_" + (position + 1);
    }
    if (!(out.charAt(0) >= 'a' && out.charAt(0) <= 'z')) {
      out.insert(0, "c_");
    }
    return out.length() > 63 ? out.substring(0, 63) : out.toString();
  }
}
