package io.datapipeline.operator.app;

import io.datapipeline.render.ImageTemplate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One operator setting, declared once (in the manner of Strimzi's {@code ConfigParameter}): its
 * environment variable, the flag of the same name, its type, default and description, and where the
 * Helm chart exposes it. {@link OperatorConfig} reads it, the {@code run} command offers it as a
 * flag, docs/contracts.md lists it (a test fails when the table is stale).
 *
 * @param <T> the value's Java type
 * @param variable the environment variable, e.g. {@code POLL_INTERVAL}
 * @param type for people: text, list, integer, boolean, duration, or the choices
 * @param defaultText the default as the docs show it ({@code -}: unset)
 * @param parser reads a set value (trimmed, not blank), failing with a message naming the variable
 * @param helmValue the values.yaml path the chart reads, or null when {@code notInChartBecause}
 *     says why not
 * @param notInChartBecause why the chart does not expose it, or null when it does
 */
public record Setting<T>(
    String variable,
    String type,
    T defaultValue,
    String defaultText,
    String description,
    Function<String, T> parser,
    String helmValue,
    String notInChartBecause) {

  /** Free text; {@code null} default means unset. */
  static Setting<String> text(String variable, String defaultValue, String description) {
    return declared(variable, "text", defaultValue, shown(defaultValue), description, v -> v);
  }

  /**
   * A container image reference that may name {@code {account}} and {@code {region}} (filled per
   * pipeline, {@link ImageTemplate}); bad placeholders fail at start.
   */
  static Setting<String> image(
      String variable, String defaultValue, String defaultText, String description) {
    return declared(
        variable,
        "image",
        defaultValue,
        defaultText,
        description,
        v -> {
          checkImage(variable, v);
          return v;
        });
  }

  /** Rejects an image template with unknown placeholders, naming the setting. */
  static void checkImage(String variable, String value) {
    try {
      ImageTemplate.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + " " + e.getMessage(), e);
    }
  }

  /** One of a fixed set of words. */
  static Setting<String> oneOf(
      String variable, List<String> choices, String defaultValue, String description) {
    return declared(
        variable,
        String.join(" \\| ", choices),
        defaultValue,
        shown(defaultValue),
        description,
        v -> {
          if (!choices.contains(v)) {
            throw new IllegalArgumentException(
                variable + " must be " + String.join(" or ", choices) + ", not " + v);
          }
          return v;
        });
  }

  /** A comma-separated list (blanks dropped); unset is the empty set. */
  static Setting<Set<String>> list(String variable, String emptyMeans, String description) {
    return declared(
        variable,
        "list",
        Set.of(),
        "empty = " + emptyMeans,
        description,
        v ->
            Arrays.stream(v.split(","))
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
  }

  static Setting<Integer> integer(String variable, int defaultValue, String description) {
    return integer(variable, defaultValue, Integer.MIN_VALUE, description);
  }

  /** An integer of at least {@code min}. */
  static Setting<Integer> integer(String variable, int defaultValue, int min, String description) {
    return declared(
        variable,
        "integer",
        defaultValue,
        shown(defaultValue),
        description,
        v -> {
          int n;
          try {
            n = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be an integer, not '" + v + "'");
          }
          if (n < min) {
            throw new IllegalArgumentException(variable + " must be at least " + min);
          }
          return n;
        });
  }

  static Setting<Boolean> bool(String variable, boolean defaultValue, String description) {
    return declared(
        variable,
        "boolean",
        defaultValue,
        shown(defaultValue),
        description,
        v ->
            switch (v.toLowerCase(Locale.ROOT)) {
              case "true", "1", "yes" -> true;
              case "false", "0", "no" -> false;
              default ->
                  throw new IllegalArgumentException(
                      variable + " must be true or false, not '" + v + "'");
            });
  }

  /** A duration like 500ms, 30s, 5m, 1h or ISO-8601 (PT30S). */
  static Setting<Duration> duration(String variable, String defaultValue, String description) {
    Function<String, Duration> parser =
        v -> {
          try {
            return parseDuration(v);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                variable + " must be a duration like 500ms, 30s, 5m or 1h, not '" + v + "'");
          }
        };
    return declared(
        variable, "duration", parser.apply(defaultValue), shown(defaultValue), description, parser);
  }

  /** A setting whose place in the chart {@link #helm} or {@link #notInChart} says next. */
  private static <T> Setting<T> declared(
      String variable,
      String type,
      T defaultValue,
      String defaultText,
      String description,
      Function<String, T> parser) {
    return new Setting<>(
        variable, type, defaultValue, defaultText, description, parser, null, null);
  }

  /** The Helm value (dotted path in values.yaml) the chart sets this variable from. */
  Setting<T> helm(String valuePath) {
    return new Setting<>(
        variable, type, defaultValue, defaultText, description, parser, valuePath, null);
  }

  /** Deliberately not exposed in the Helm chart, and why. */
  Setting<T> notInChart(String because) {
    return new Setting<>(
        variable, type, defaultValue, defaultText, description, parser, null, because);
  }

  /** {@code POLL_INTERVAL} -> {@code --poll-interval}. */
  public String flag() {
    return "--" + variable.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value in {@code settings} (keyed by variable name), or the default when unset or blank. */
  T read(Map<String, String> settings) {
    String raw = settings.get(variable);
    return raw == null || raw.isBlank() ? defaultValue : parser.apply(raw.trim());
  }

  private static String shown(Object value) {
    return value == null ? "-" : String.valueOf(value);
  }

  static Duration parseDuration(String v) {
    String t = v.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException(v);
    };
  }

  @Override
  public String toString() {
    return variable;
  }

  /** A setting is its variable (the parser, a function, would equal only itself). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Setting<?> other && other.variable.equals(variable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(variable);
  }
}
