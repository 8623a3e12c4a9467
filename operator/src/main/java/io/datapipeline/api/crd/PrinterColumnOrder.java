package io.datapipeline.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Puts a generated CRD's {@code additionalPrinterColumns} in the order the resource class declares
 * its {@link AdditionalPrinterColumn} annotations: fabric8's generator sorts them by jsonPath, and
 * {@code kubectl get} prints them in file order. Runs in the build right after the generator
 * (operator/pom.xml), on target/classes/META-INF/fabric8, so CrdIsUpToDateTest compares the
 * committed crds/ copy with the reordered file.
 *
 * <p>Works on the text, not a YAML tree, so every other byte stays as the generator wrote it.
 */
public final class PrinterColumnOrder {

  private static final String LIST_START = "  - additionalPrinterColumns:";
  private static final String ENTRY_START = "    - ";
  private static final String ENTRY_BODY = "      ";
  private static final Pattern NAME = Pattern.compile("^    [- ] name: \"([^\"]*)\"$");

  private PrinterColumnOrder() {}

  /** Arguments: the CRD file, then the resource class whose annotations give the order. */
  public static void main(String[] args) throws IOException, ClassNotFoundException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder <crd.yml> <resource class>");
    }
    Path file = Path.of(args[0]);
    List<String> order =
        Arrays.stream(Class.forName(args[1]).getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    String yaml = Files.readString(file, StandardCharsets.UTF_8);
    String reordered = reorder(yaml, order);
    if (!reordered.equals(yaml)) {
      Files.writeString(file, reordered, StandardCharsets.UTF_8);
    }
  }

  /**
   * {@code yaml} with each version's printer columns in {@code order} (by column name).
   *
   * @throws IllegalArgumentException when the CRD's columns are not exactly those of {@code order}
   */
  static String reorder(String yaml, List<String> order) {
    List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).equals(LIST_START)) {
        continue;
      }
      int start = i + 1;
      int end = start;
      while (end < lines.size()
          && (lines.get(end).startsWith(ENTRY_START) || lines.get(end).startsWith(ENTRY_BODY))) {
        end++;
      }
      List<List<String>> entries = split(lines.subList(start, end));
      List<String> sorted = new ArrayList<>();
      for (String name : order) {
        sorted.addAll(entryNamed(entries, name));
      }
      if (new HashSet<>(order).size() != entries.size()) {
        throw new IllegalArgumentException(
            "the CRD has " + entries.size() + " printer columns, the class declares " + order);
      }
      for (int j = 0; j < sorted.size(); j++) {
        lines.set(start + j, sorted.get(j));
      }
      i = end - 1;
    }
    return String.join("\n", lines);
  }

  private static List<List<String>> split(List<String> block) {
    List<List<String>> entries = new ArrayList<>();
    for (String line : block) {
      if (line.startsWith(ENTRY_START)) {
        entries.add(new ArrayList<>());
      }
      entries.get(entries.size() - 1).add(line);
    }
    return entries;
  }

  private static List<String> entryNamed(List<List<String>> entries, String name) {
    List<List<String>> matches =
        entries.stream()
            .filter(
                entry ->
                    entry.stream()
                        .map(NAME::matcher)
                        .anyMatch(m -> m.matches() && m.group(1).equals(name)))
            .toList();
    if (matches.size() != 1) {
      throw new IllegalArgumentException(
          "printer column '" + name + "': " + matches.size() + " entries in the CRD, expected 1");
    }
    return matches.get(0);
  }
}
