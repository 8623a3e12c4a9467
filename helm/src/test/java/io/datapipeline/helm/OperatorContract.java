package io.datapipeline.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Set;
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
