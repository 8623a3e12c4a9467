package io.datapipeline.converter.core;

import io.datapipeline.converter.csv.CsvParser;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.OnBadRow;
import io.datapipeline.converter.schema.Schema;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Guesses a schema from a CSV sample: the delimiter from the header line, per column the narrowest
 * type every sampled value fits, nullability, and a primary key only when it is certain: the first
 * column whose values are present and distinct in every row of the whole file. Otherwise no key
 * (the user must choose), and {@link Result#keyDecision} says why. A starting point for a manifest,
 * to be reviewed.
 */
public final class SchemaInference {

  /** The guess and, in words, why it has (or has not) a primary key. */
  public record Result(Schema schema, String keyDecision) {}

  /** Tokens commonly meaning "no value" besides the empty field. */
  private static final List<String> NULL_TOKENS = List.of("NA", "N/A", "null", "NULL");

  private static final List<String> DATE_PATTERNS = List.of("yyyy-MM-dd", "yyyy/MM/dd");
  private static final List<String> TIMESTAMP_PATTERNS =
      List.of(
          "yyyy-MM-dd HH:mm:ss",
          "yyyy/MM/dd HH:mm:ss",
          "yyyy-MM-dd HH:mm:ss.SSS",
          "yyyy-MM-dd HH:mm",
          "yyyy/MM/dd HH:mm");

  /** Beyond this many distinct values a column is not checked for uniqueness (memory). */
  private static final int MAX_DISTINCT = 200_000;

  private final int maxRows;

  public SchemaInference(int maxRows) {
    this.maxRows = maxRows;
  }

  public Schema infer(Reader reader, String firstLine) throws IOException {
    return inferExplained(reader, firstLine).schema();
  }

  public Result inferExplained(Reader reader, String firstLine) throws IOException {
    char delimiter = guessDelimiter(firstLine);
    CsvParser parser = new CsvParser(reader, delimiter, '"');
    if (!parser.next() || parser.isBad()) {
      throw new IllegalArgumentException("no readable header line");
    }
    String[] header = parser.fields();
    parser.expectFields(header.length);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      names.add(uniqueName(HeaderNames.normalize(header[i], i), names));
    }
    ColumnGuess[] guesses = new ColumnGuess[header.length];
    for (int i = 0; i < header.length; i++) {
      guesses[i] = new ColumnGuess();
    }
    Set<String> nullTokens = new LinkedHashSet<>();
    int rows = 0;
    long unreadable = 0;
    while (rows < maxRows && parser.next()) {
      if (parser.isBad() || parser.fieldCount() != header.length) {
        unreadable++;
        continue;
      }
      rows++;
      for (int i = 0; i < header.length; i++) {
        String value = parser.field(i);
        if (value.isEmpty()) {
          guesses[i].nulls++;
        } else if (NULL_TOKENS.contains(value)) {
          guesses[i].nulls++;
          nullTokens.add(value);
        } else {
          guesses[i].observe(value);
        }
      }
    }
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      columns.add(guesses[i].column(names.get(i)));
    }
    boolean wholeFile = !(rows == maxRows && parser.next());
    List<String> primaryKey = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (int i = 0; i < header.length && wholeFile && unreadable == 0; i++) {
      ColumnGuess g = guesses[i];
      ColumnType type = columns.get(i).type();
      String name = names.get(i);
      if (type == ColumnType.BOOLEAN || type == ColumnType.FLOAT64) {
        why.add(name + " is " + type.name().toLowerCase(Locale.ROOT));
      } else if (g.nulls > 0) {
        why.add(name + " is empty in " + g.nulls + " of " + rows + " rows");
      } else if (g.distinct == null || g.distinct.size() != rows) {
        why.add(
            g.distinct == null
                ? name + " has over " + MAX_DISTINCT + " distinct values: too many to check"
                : name + " has " + g.distinct.size() + " distinct values in " + rows + " rows");
      } else if (rows > 0) {
        primaryKey.add(name);
        break;
      }
    }
    String keyDecision;
    if (!primaryKey.isEmpty()) {
      keyDecision =
          "primary key: "
              + primaryKey.get(0)
              + " (present and distinct in all "
              + rows
              + " rows of the file)";
    } else if (!wholeFile) {
      keyDecision =
          "no primary key: only the first "
              + maxRows
              + " rows were read (--sample-rows); a key must be unique over the whole file";
    } else if (unreadable > 0) {
      keyDecision =
          "no primary key: "
              + unreadable
              + " records could not be read, so no column is known to be unique";
    } else {
      keyDecision =
          "no primary key: "
              + (why.isEmpty() ? "the file has no data rows" : String.join("; ", why))
              + ". The schema is keyless: every row loads, identified by its file and line;"
              + " set schema.primaryKey if a column identifies rows";
    }
    for (int i = 0; i < columns.size(); i++) {
      if (primaryKey.contains(columns.get(i).name())) {
        Column c = columns.get(i);
        columns.set(
            i,
            new Column(
                c.name(),
                c.type() == ColumnType.BOOLEAN ? ColumnType.STRING : c.type(),
                false,
                c.precision(),
                c.scale(),
                c.format(),
                c.timeZone()));
      }
    }
    List<String> nullValues = new ArrayList<>();
    nullValues.add("");
    nullValues.addAll(nullTokens);
    return new Result(
        new Schema(
            String.valueOf(delimiter),
            "\"",
            true,
            nullValues,
            OnBadRow.Quarantine,
            primaryKey,
            columns),
        keyDecision);
  }

  static char guessDelimiter(String firstLine) {
    char best = ',';
    long bestCount = 0;
    for (char candidate : new char[] {',', ';', '\t', '|'}) {
      long count = firstLine.chars().filter(c -> c == candidate).count();
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  private static String uniqueName(String name, List<String> taken) {
    String candidate = name;
    for (int n = 2; taken.contains(candidate); n++) {
      String suffix = "_" + n;
      candidate = name.substring(0, Math.min(name.length(), 63 - suffix.length())) + suffix;
    }
    return candidate;
  }

  /** What the sampled values of one column allow. */
  private static final class ColumnGuess {
    boolean bool = true;
    boolean int64 = true;
    boolean number = true;
    boolean exponent;
    int maxScale;
    int maxIntegerDigits;
    final Set<String> dates = new LinkedHashSet<>(DATE_PATTERNS);
    final Set<String> timestamps = new LinkedHashSet<>(TIMESTAMP_PATTERNS);
    boolean isoTimestamp = true;
    boolean any;
    long nulls;
    Set<String> distinct = new HashSet<>();

    void observe(String value) {
      any = true;
      // Distinct values are counted (up to a bound) so "no key" can say how far from unique.
      if (distinct != null) {
        distinct.add(value);
        if (distinct.size() > MAX_DISTINCT) {
          distinct = null;
        }
      }
      String lower = value.strip().toLowerCase(Locale.ROOT);
      bool &= lower.equals("true") || lower.equals("false");
      if (int64) {
        try {
          Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
          int64 = false;
        }
      }
      if (number) {
        try {
          BigDecimal d = new BigDecimal(value.strip());
          exponent |= value.indexOf('e') >= 0 || value.indexOf('E') >= 0;
          maxScale = Math.max(maxScale, Math.max(0, d.scale()));
          maxIntegerDigits = Math.max(maxIntegerDigits, d.precision() - d.scale());
        } catch (NumberFormatException e) {
          number = false;
        }
      }
      dates.removeIf(p -> !fits(ValueParsers.date(p), value));
      timestamps.removeIf(p -> !fits(ValueParsers.timestamp(p, "UTC"), value));
      isoTimestamp &= value.length() > 10 && fits(ValueParsers.timestamp(null, "UTC"), value);
    }

    Column column(String name) {
      boolean nullable = nulls > 0;
      if (!any) {
        return new Column(name, ColumnType.STRING, true, null, null, null, null);
      }
      if (bool) {
        return new Column(name, ColumnType.BOOLEAN, nullable, null, null, null, null);
      }
      if (int64) {
        return new Column(name, ColumnType.INT64, nullable, null, null, null, null);
      }
      if (number) {
        int precision = Math.max(18, maxIntegerDigits + maxScale);
        if (exponent || precision > 38) {
          return new Column(name, ColumnType.FLOAT64, nullable, null, null, null, null);
        }
        return new Column(name, ColumnType.DECIMAL, nullable, precision, maxScale, null, null);
      }
      if (!dates.isEmpty()) {
        String pattern = dates.iterator().next();
        return new Column(
            name,
            ColumnType.DATE,
            nullable,
            null,
            null,
            pattern.equals("yyyy-MM-dd") ? null : pattern,
            null);
      }
      if (isoTimestamp) {
        return new Column(name, ColumnType.TIMESTAMP, nullable, null, null, null, null);
      }
      if (!timestamps.isEmpty()) {
        return new Column(
            name, ColumnType.TIMESTAMP, nullable, null, null, timestamps.iterator().next(), "UTC");
      }
      return new Column(name, ColumnType.STRING, nullable, null, null, null, null);
    }

    private static boolean fits(ValueParsers.TemporalParser parser, String value) {
      try {
        parser.parse(value);
        return true;
      } catch (BadValueException e) {
        return false;
      }
    }
  }
}
