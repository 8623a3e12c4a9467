package io.datapipeline.operator.app;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a Kubernetes label selector in its string form (as {@code kubectl -l} takes it) when the
 * operator starts, so a typo in {@code SHARD_LABEL_SELECTOR} fails at once, naming the setting,
 * instead of making the informer watch nothing.
 */
final class LabelSelectors {

  private static final String KEY = "([a-z0-9A-Z.-]+/)?[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?";
  private static final String VALUE = "([a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?)?";
  private static final Pattern REQUIREMENT =
      Pattern.compile(
          "!?"
              + KEY
              + "|"
              + KEY
              + "\\s*(=|==|!=)\\s*"
              + VALUE
              + "|"
              + KEY
              + "\\s+(in|notin)\\s+\\(\\s*"
              + VALUE
              + "(\\s*,\\s*"
              + VALUE
              + ")*\\s*\\)");

  private LabelSelectors() {}

  /** Throws naming {@code variable} unless {@code selector} is a valid label selector. */
  static void check(String variable, String selector) {
    for (String requirement : splitOutsideParentheses(selector)) {
      if (!REQUIREMENT.matcher(requirement.strip()).matches()) {
        throw new IllegalArgumentException(
            variable
                + " is not a label selector: '"
                + requirement.strip()
                + "' (expected key=value, key!=value, key in (a,b), key notin (a,b), key or !key,"
                + " comma-separated)");
      }
    }
  }

  private static List<String> splitOutsideParentheses(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }
}
