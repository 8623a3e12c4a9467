package io.datapipeline.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interpolates dashboard template variables into a query the way Grafana's frontend does before the
 * query reaches the datasource: `$var`, `${var}`, `${var:format}` and `[[var]]`. Names Grafana does
 * not know stay as they are, exactly as in Grafana, so macros (`$__timeFilter(...)`) survive for
 * the backend.
 */
final class TemplateVariables {

  /** Grafana's own variable pattern (public/app/features/variables/utils.ts). */
  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");

  /** A variable's current value(s); `multi` marks one Grafana formats as a list. */
  record Value(List<String> values, boolean multi) {
    static Value single(String value) {
      return new Value(List.of(value), false);
    }
  }

  private final Map<String, Value> values;

  TemplateVariables(Map<String, Value> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * The dashboard's variables at their current values. Constants take their rendered value; custom
   * variables whose current value is "All" take every option, as Grafana does without an allValue.
   * Global variables (`$__interval`, ...) come from {@code globals}.
   */
  static TemplateVariables of(Dashboard dashboard, Map<String, String> globals) {
    Map<String, Value> values = new LinkedHashMap<>();
    globals.forEach((k, v) -> values.put(k, Value.single(v)));
    for (JsonNode variable : dashboard.variables()) {
      String name = variable.path("name").asText();
      String type = variable.path("type").asText();
      switch (type) {
        case "constant" -> values.put(name, Value.single(variable.path("query").asText()));
        case "custom" -> values.put(name, customValue(variable));
        default -> {
          // Query and datasource variables get their values from a live datasource; SQL
          // panels do not use them (checked by the callers through unresolved names).
        }
      }
    }
    return new TemplateVariables(values);
  }

  private static Value customValue(JsonNode variable) {
    List<String> current = new ArrayList<>();
    JsonNode value = variable.path("current").path("value");
    if (value.isArray()) {
      for (JsonNode v : value) {
        current.add(v.asText());
      }
    } else {
      current.add(value.asText());
    }
    boolean multi = variable.path("multi").asBoolean() || variable.path("includeAll").asBoolean();
    if (current.contains("$__all")) {
      if (variable.hasNonNull("allValue") && !variable.path("allValue").asText().isEmpty()) {
        return new Value(List.of(variable.path("allValue").asText()), false);
      }
      current = new ArrayList<>();
      for (String option : variable.path("query").asText().split(",")) {
        current.add(option.trim());
      }
    }
    return new Value(current, multi);
  }

  boolean defines(String name) {
    return values.containsKey(name);
  }

  /** Names the text refers to with variable syntax, known or not. */
  static List<String> referencedNames(String text) {
    List<String> names = new ArrayList<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      names.add(firstNonNull(m.group(1), m.group(2), m.group(4)));
    }
    return names;
  }

  /** Interpolates for a SQL datasource: multi values are quoted literals, single ones escaped. */
  String interpolateSql(String text) {
    return interpolate(
        text,
        value -> {
          if (value.multi()) {
            return String.join(
                ",", value.values().stream().map(v -> "'" + v.replace("'", "''") + "'").toList());
          }
          return value.values().get(0).replace("'", "''");
        });
  }

  /** Interpolates for a datasource that takes values as they are (CloudWatch dimensions). */
  String interpolateRaw(String text) {
    return interpolate(text, value -> String.join(",", value.values()));
  }

  private String interpolate(String text, Function<Value, String> format) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = firstNonNull(m.group(1), m.group(2), m.group(4));
      String fmt = firstNonNull(m.group(3), m.group(6));
      Value value = values.get(name);
      String replacement;
      if (value == null) {
        replacement = m.group();
      } else if ("raw".equals(fmt)) {
        replacement = String.join(",", value.values());
      } else if (fmt != null) {
        throw new IllegalArgumentException("variable format :" + fmt + " is not modelled: " + text);
      } else {
        replacement = format.apply(value);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String firstNonNull(String... candidates) {
    for (String c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }
}
