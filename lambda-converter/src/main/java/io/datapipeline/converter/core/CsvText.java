package io.datapipeline.converter.core;

/** Writes fields back as one CSV record (for the rejects file: the row as it was read). */
public final class CsvText {
  private CsvText() {}

  public static String record(String[] fields, char delimiter, char quote) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append(delimiter);
      }
      appendField(out, fields[i], delimiter, quote);
    }
    return out.toString();
  }

  public static void appendField(StringBuilder out, String field, char delimiter, char quote) {
    boolean needsQuotes = false;
    for (int i = 0; i < field.length() && !needsQuotes; i++) {
      char c = field.charAt(i);
      needsQuotes = c == delimiter || c == quote || c == '\n' || c == '\r';
    }
    if (!needsQuotes) {
      out.append(field);
      return;
    }
    out.append(quote);
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == quote) {
        out.append(quote);
      }
      out.append(c);
    }
    out.append(quote);
  }
}
