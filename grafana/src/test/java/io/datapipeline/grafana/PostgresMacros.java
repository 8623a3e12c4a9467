package io.datapipeline.grafana;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the macros of Grafana's PostgreSQL datasource for a fixed time range, producing the SQL
 * Grafana's backend sends to the database. Follows pkg/tsdb/grafana-postgresql-datasource/macros.go
 * (no TimescaleDB). A macro it does not know is an error, so a panel using one cannot pass
 * unchecked.
 */
final class PostgresMacros {

  /** The backend's own pattern: `$name(args)`, args without a closing parenthesis. */
  private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

  private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  private final Instant from;
  private final Instant to;

  PostgresMacros(Instant from, Instant to) {
    this.from = from;
    this.to = to;
  }

  String expand(String sql) {
    Matcher m = MACRO.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      // As in Grafana: `$__timeGroup(...)` directly followed by ',' is the pre-5.3 spelling of
      // `$__timeGroupAlias`.
      if (name.equals("__timeGroup") && m.end() < sql.length() && sql.charAt(m.end()) == ',') {
        name = "__timeGroupAlias";
      }
      List<String> args = Arrays.stream(m.group(2).split(",", -1)).map(String::trim).toList();
      m.appendReplacement(out, Matcher.quoteReplacement(evaluate(name, args, sql)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String evaluate(String name, List<String> args, String sql) {
    return switch (name) {
      case "__time" -> column(name, args, sql) + " AS \"time\"";
      case "__timeEpoch" -> "extract(epoch from " + column(name, args, sql) + ") as \"time\"";
      case "__timeFilter" ->
          column(name, args, sql) + " BETWEEN '" + rfc3339(from) + "' AND '" + rfc3339(to) + "'";
      case "__timeFrom" -> "'" + rfc3339(from) + "'";
      case "__timeTo" -> "'" + rfc3339(to) + "'";
      case "__timeGroup" -> {
        String seconds = seconds(name, args, sql);
        yield "floor(extract(epoch from " + args.get(0) + ")/" + seconds + ")*" + seconds;
      }
      case "__timeGroupAlias" -> evaluate("__timeGroup", args, sql) + " AS \"time\"";
      case "__unixEpochFilter" -> {
        String col = column(name, args, sql);
        yield col + " >= " + from.getEpochSecond() + " AND " + col + " <= " + to.getEpochSecond();
      }
      case "__unixEpochGroup" -> {
        String seconds = seconds(name, args, sql);
        yield "floor((" + args.get(0) + ")/" + seconds + ")*" + seconds;
      }
      case "__unixEpochGroupAlias" -> evaluate("__unixEpochGroup", args, sql) + " AS \"time\"";
      default -> throw new IllegalArgumentException("unknown macro $" + name + " in: " + sql);
    };
  }

  private static String column(String name, List<String> args, String sql) {
    if (args.isEmpty() || args.get(0).isEmpty()) {
      throw new IllegalArgumentException("missing time column argument for macro $" + name);
    }
    return args.get(0);
  }

  private static String seconds(String name, List<String> args, String sql) {
    if (args.size() < 2) {
      throw new IllegalArgumentException(
          "macro $" + name + " needs a time column and an interval: " + sql);
    }
    if (args.size() == 3) {
      fillMode(args.get(2));
    }
    Duration interval = parseInterval(args.get(1).replace("'", ""));
    double seconds = interval.toMillis() / 1000.0;
    // Go's %v prints 300 for 300.0 and 0.5 for 0.5.
    return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
  }

  private static void fillMode(String fill) {
    if (!fill.equals("NULL") && !fill.equals("previous") && !fill.matches("-?\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException("fill mode must be NULL, previous or a number: " + fill);
    }
  }

  static Duration parseInterval(String text) {
    Matcher m = INTERVAL.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("error parsing interval " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      case "w" -> Duration.ofDays(7 * n);
      default -> throw new IllegalArgumentException("error parsing interval " + text);
    };
  }

  /** Go's time.RFC3339Nano in UTC: trailing zero fractions dropped, as Instant prints. */
  private static String rfc3339(Instant instant) {
    return instant.toString();
  }
}
