package io.datapipeline.cli.plugin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the plugin's text output: aligned columns, and colour for states when stdout is a terminal
 * (never when piped, nor with {@code NO_COLOR} set).
 */
final class Terminal {

  private static final String RESET = "\u001b[0m";
  private static final String GREEN = "\u001b[32m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String BOLD = "\u001b[1m";

  private final PrintWriter out;
  private final boolean colour;

  Terminal(PrintWriter out, boolean colour) {
    this.out = out;
    this.colour = colour;
  }

  static Terminal of(PrintWriter out) {
    return new Terminal(out, System.console() != null && System.getenv("NO_COLOR") == null);
  }

  void heading(String text) {
    out.println(colour ? BOLD + text + RESET : text);
  }

  void line(String text) {
    out.println(text);
  }

  /** A blank line, then {@code title} as a heading. */
  void section(String title) {
    line("");
    heading(title);
  }

  /** A state word coloured by what it means: green for done, red for failed, yellow otherwise. */
  String state(String value) {
    if (!colour || value == null || value.isEmpty()) {
      return value == null ? "" : value;
    }
    String upper = value.toUpperCase(Locale.ROOT);
    String code =
        upper.equals("TRUE") || upper.endsWith("_COMPLETE") && !upper.contains("ROLLBACK")
            ? GREEN
            : upper.equals("FALSE") || upper.contains("FAILED") || upper.contains("ROLLBACK")
                ? RED
                : YELLOW;
    return code + value + RESET;
  }

  /** Rows printed in columns as wide as their widest cell (ANSI codes not counted). */
  void table(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], visible(row.get(i)).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i) == null ? "" : row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - visible(cell).length() + 3));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** {@link #table}, or the line {@code whenEmpty} when there are no rows. */
  void table(List<String> header, List<List<String>> rows, String whenEmpty) {
    if (rows.isEmpty()) {
      line(whenEmpty);
    } else {
      table(header, rows);
    }
  }

  void flush() {
    out.flush();
  }

  private static String visible(String text) {
    return text == null ? "" : text.replaceAll("\u001b\\[[0-9;]*m", "");
  }
}
