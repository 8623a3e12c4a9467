package io.datapipeline.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A block of a doc under docs/ that is generated from code (between {@code <!-- BEGIN GENERATED:
 * name -->} and {@code <!-- END GENERATED: name -->}): the test fails when the committed block is
 * stale, and rewrites it when run with {@code -Ddocs.update=true}.
 */
public final class GeneratedDocs {

  private GeneratedDocs() {}

  /** Asserts (or, with -Ddocs.update=true, writes) the block {@code name} of {@code doc}. */
  public static void check(String doc, String name, String expected) throws IOException {
    Path file = Path.of("..", "docs", doc);
    String text = Files.readString(file);
    String begin = "<!-- BEGIN GENERATED: " + name + " -->\n";
    String end = "<!-- END GENERATED: " + name + " -->";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    assertThat(from)
        .as("docs/%s has the markers %s ... %s", doc, begin.strip(), end)
        .isNotNegative();
    assertThat(to).isGreaterThan(from);
    String committed = text.substring(from + begin.length(), to);
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(
          file, text.substring(0, from + begin.length()) + expected + text.substring(to));
      return;
    }
    assertThat(committed)
        .as(
            "docs/%s block %s is stale; regenerate with ./mvnw -pl operator -am test"
                + " -Dtest=%s -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.update=true",
            doc, name, callerTest())
        .isEqualTo(expected);
  }

  /**
   * A Markdown table as the generated blocks write it: the header, its rule, then one row of {@code
   * cells} per item.
   */
  public static <T> String table(
      List<String> header, Iterable<T> items, Function<T, List<String>> cells) {
    StringBuilder md = new StringBuilder();
    row(md, header);
    row(md, Collections.nCopies(header.size(), "---"));
    for (T item : items) {
      List<String> row = cells.apply(item);
      assertThat(row).as("cells of %s", item).hasSameSizeAs(header);
      row(md, row);
    }
    return md.toString();
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static String callerTest() {
    for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
      String cls = e.getClassName();
      if (cls.endsWith("Test")) {
        return cls.substring(cls.lastIndexOf('.') + 1);
      }
    }
    return "<the test>";
  }
}
