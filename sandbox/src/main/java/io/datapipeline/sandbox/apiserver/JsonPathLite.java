package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Kubernetes JSONPath that printer columns use: {@code .a.b}, {@code [n]} and filters
 * {@code [?(@.type=="Ready")]}.
 */
final class JsonPathLite {

  private static final Pattern STEP =
      Pattern.compile(
          "\\.([A-Za-z0-9_-]+)|\\[(\\d+)]|\\[\\?\\(@\\.([A-Za-z0-9_.-]+)==\"([^\"]*)\"\\)]");

  private JsonPathLite() {}

  static List<JsonNode> select(JsonNode root, String path) {
    List<JsonNode> current = List.of(root);
    Matcher step = STEP.matcher(path.trim());
    int at = 0;
    while (at < path.trim().length() && step.find(at) && step.start() == at) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (step.group(1) != null) {
          JsonNode child = node.get(step.group(1));
          if (child != null) {
            next.add(child);
          }
        } else if (step.group(2) != null) {
          JsonNode child = node.get(Integer.parseInt(step.group(2)));
          if (child != null) {
            next.add(child);
          }
        } else {
          for (JsonNode item : node) {
            JsonNode field = item;
            for (String part : step.group(3).split("\\.")) {
              field = field.path(part);
            }
            if (field.isValueNode() && field.asText().equals(step.group(4))) {
              next.add(item);
            }
          }
        }
      }
      current = next;
      at = step.end();
    }
    return current;
  }
}
