package io.datapipeline.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's configuration as docs/contracts.md fixes it, read from that file so a renamed
 * variable breaks this build rather than a running operator.
 */
final class OperatorContract {

  private static final Pattern VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

  private OperatorContract() {}

  /**
   * Every environment variable named in the "Operator configuration" section: the table's first
   * column and those its descriptions mention (LEADER_ELECTION_NAMESPACE).
   */
  static Set<String> environmentVariables() {
    String section = section("## Operator configuration");
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = VARIABLE.matcher(section);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /**
   * One row of the generated settings table ("Operator configuration").
   *
   * @param helmValue the values.yaml path the chart sets the variable from, or null
   * @param notExposedBecause why the chart has no value for it, or null
   */
  record Setting(
      String variable,
      String type,
      String defaultValue,
      String helmValue,
      String notExposedBecause) {}

  /** The rows of the settings table, generated from the operator's settings catalogue. */
  static List<Setting> settings() {
    String section = section("## Operator configuration");
    List<Setting> rows = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      // | variable | flag | type | default | meaning | Helm value |
      List<String> parts = new ArrayList<>();
      for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|")) {
        parts.add(cell.strip());
      }
      if (parts.size() != 6) {
        throw new IllegalStateException("Cannot read the settings row " + line);
      }
      String helm = parts.get(5);
      boolean exposed = helm.startsWith("`");
      rows.add(
          new Setting(
              parts.get(0).replace("`", ""),
              parts.get(2).replace("\\|", "|"),
              parts.get(3).replace("`", ""),
              exposed ? helm.replace("`", "") : null,
              exposed ? null : helm.replaceFirst("^not exposed: ", "")));
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException(
          "No settings rows in docs/contracts.md Operator configuration");
    }
    return rows;
  }

  /** One row of "Operator's Kubernetes API access": verbs, and those limited to one name. */
  record ApiAccess(
      String group, String resource, Set<String> verbs, Set<String> namedVerbs, String name) {

    /** Every permission as "group/resource verb", named or not. */
    Set<String> permissions() {
      Set<String> all = new TreeSet<>();
      verbs.forEach(verb -> all.add(group + "/" + resource + " " + verb));
      namedVerbs.forEach(verb -> all.add(group + "/" + resource + " " + verb));
      return all;
    }
  }

  private static final Pattern NAMED_VERBS = Pattern.compile("(.*) on `([^`]+)` only");

  /** The table in "Operator's Kubernetes API access" ("core" is the empty API group). */
  static List<ApiAccess> kubernetesApiAccess() {
    String section = section("## Operator's Kubernetes API access");
    List<ApiAccess> rows = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (!line.startsWith("| ") || line.startsWith("| API group") || line.startsWith("| ---")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String group = cells[1].strip().replace("`", "");
      String resource = cells[2].strip().replace("`", "");
      String[] verbParts = cells[3].strip().split(";");
      Set<String> verbs = verbList(verbParts[0]);
      Set<String> namedVerbs = Set.of();
      String name = null;
      if (verbParts.length > 1) {
        Matcher named = NAMED_VERBS.matcher(verbParts[1].strip());
        if (!named.matches()) {
          throw new IllegalStateException("Cannot read the verbs of " + line);
        }
        namedVerbs = verbList(named.group(1));
        name = named.group(2);
      }
      rows.add(new ApiAccess(group.equals("core") ? "" : group, resource, verbs, namedVerbs, name));
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException("No rows in docs/contracts.md Kubernetes API access");
    }
    return rows;
  }

  private static Set<String> verbList(String text) {
    Set<String> verbs = new TreeSet<>();
    for (String verb : text.split(",")) {
      verbs.add(verb.strip());
    }
    return verbs;
  }

  private static String section(String heading) {
    String contracts;
    try {
      contracts = Files.readString(RepositoryFiles.root().resolve("docs/contracts.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = contracts.indexOf(heading);
    if (start < 0) {
      throw new IllegalStateException("docs/contracts.md has no section " + heading);
    }
    int end = contracts.indexOf("\n## ", start + heading.length());
    return contracts.substring(start, end < 0 ? contracts.length() : end);
  }
}
