package io.datapipeline.converter.schema;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the rules the CRD enforces on {@code spec.schema} (patterns, sizes and CEL rules), so a
 * schema given to the CLI or through {@code SCHEMA_JSON} is held to the same contract.
 */
public final class SchemaValidator {

  /** Same as the operator's Patterns.SQL_IDENTIFIER. */
  static final Pattern SQL_IDENTIFIER = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

  /**
   * PostgreSQL's system columns: a user column of that name makes CREATE TABLE fail. Same list and
   * message as the operator's ColumnSpec rule.
   */
  static final Set<String> SYSTEM_COLUMNS =
      Set.of("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid");

  static final String SYSTEM_COLUMN_NAME =
      "schema.columns: a column cannot be named like a PostgreSQL system column (tableoid, xmin,"
          + " cmin, xmax, cmax, ctid)";

  /** The converter's lineage columns ({@code _dp_source_key}, ...) use this prefix. */
  static final String RESERVED_PREFIX = "_dp_";

  static final String RESERVED_COLUMN_NAME =
      "schema.columns: column names starting with _dp_ are reserved for the lineage columns the"
          + " converter adds";

  private SchemaValidator() {}

  /** Throws {@link SchemaException} listing every problem found, each naming its field. */
  public static Schema validate(Schema schema) {
    List<String> problems = new ArrayList<>();
    if (schema.delimiter().length() != 1) {
      problems.add("schema.delimiter: must be exactly one character");
    }
    if (schema.quote().length() != 1) {
      problems.add("schema.quote: must be exactly one character");
    }
    if (schema.delimiter().equals(schema.quote())) {
      problems.add("schema.quote: schema.delimiter and schema.quote must differ");
    }
    if (schema.delimiter().equals("\n") || schema.delimiter().equals("\r")) {
      problems.add("schema.delimiter: a line break cannot be the delimiter");
    }
    if (schema.quote().equals("\n") || schema.quote().equals("\r")) {
      problems.add("schema.quote: a line break cannot be the quote");
    }
    if (schema.nullValues().size() > 16) {
      problems.add("schema.nullValues: at most 16 values");
    }
    if (schema.columns().isEmpty() || schema.columns().size() > 200) {
      problems.add("schema.columns: 1 to 200 columns required");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < schema.columns().size(); i++) {
      validateColumn("schema.columns[" + i + "]", schema.columns().get(i), names, problems);
    }
    if (schema.primaryKey().size() > 2) { // none: keyless, rows identified by file and line
      problems.add("schema.primaryKey: at most 2 column names");
    }
    for (String key : schema.primaryKey()) {
      int index = schema.indexOf(key);
      if (index < 0) {
        problems.add("schema.primaryKey: '" + key + "' is not a column in schema.columns");
      } else {
        Column column = schema.columns().get(index);
        if (column.isNullable()) {
          problems.add("schema.primaryKey: column '" + key + "' must be `nullable: false`");
        }
        if (column.type() == ColumnType.BOOLEAN) {
          problems.add("schema.primaryKey: column '" + key + "' cannot be boolean");
        }
      }
    }
    if (new HashSet<>(schema.primaryKey()).size() != schema.primaryKey().size()) {
      problems.add("schema.primaryKey: a column is named twice");
    }
    if (!problems.isEmpty()) {
      throw new SchemaException("invalid schema: " + String.join("; ", problems));
    }
    return schema;
  }

  /**
   * Why {@code name} cannot be a column, if it cannot. Case-insensitive, as the CRD rule:
   * PostgreSQL folds unquoted identifiers to lower case.
   */
  static Optional<String> reservedName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String folded = name.toLowerCase(Locale.ROOT);
    if (SYSTEM_COLUMNS.contains(folded)) {
      return Optional.of(SYSTEM_COLUMN_NAME);
    }
    if (folded.startsWith(RESERVED_PREFIX)) {
      return Optional.of(RESERVED_COLUMN_NAME);
    }
    return Optional.empty();
  }

  private static void validateColumn(
      String path, Column column, Set<String> names, List<String> problems) {
    if (column == null) {
      problems.add(path + ": must not be null");
      return;
    }
    if (column.name() == null || !SQL_IDENTIFIER.matcher(column.name()).matches()) {
      problems.add(
          path
              + ".name: '"
              + column.name()
              + "' must be lower case letters, digits and '_', start with a letter, at most 63"
              + " characters");
    } else if (!names.add(column.name())) {
      problems.add(path + ".name: '" + column.name() + "' is used twice");
    }
    reservedName(column.name())
        .ifPresent(message -> problems.add(path + ".name: " + message + ": " + column.name()));
    if (column.type() == null) {
      problems.add(path + ".type: required");
      return;
    }
    boolean decimal = column.type() == ColumnType.DECIMAL;
    if (decimal && (column.precision() == null || column.scale() == null)) {
      problems.add(path + ": a decimal column needs precision and scale");
    }
    if (!decimal && (column.precision() != null || column.scale() != null)) {
      problems.add(path + ": precision and scale apply only to decimal columns");
    }
    if (column.precision() != null && (column.precision() < 1 || column.precision() > 38)) {
      problems.add(path + ".precision: must be 1 to 38");
    }
    if (column.scale() != null && (column.scale() < 0 || column.scale() > 38)) {
      problems.add(path + ".scale: must be 0 to 38");
    }
    if (column.precision() != null
        && column.scale() != null
        && column.scale() > column.precision()) {
      problems.add(path + ".scale: must not exceed precision");
    }
    boolean temporal = column.type() == ColumnType.DATE || column.type() == ColumnType.TIMESTAMP;
    if (!temporal && (column.format() != null || column.timeZone() != null)) {
      problems.add(path + ": format and timeZone apply only to date and timestamp columns");
    }
    if (column.format() != null) {
      try {
        TemporalPatterns.formatter(column.format());
      } catch (IllegalArgumentException e) {
        problems.add(
            path + ".format: '" + column.format() + "' is not a valid pattern: " + e.getMessage());
      }
    }
    if (column.timeZone() != null) {
      try {
        ZoneId.of(column.timeZone());
      } catch (DateTimeException e) {
        problems.add(path + ".timeZone: '" + column.timeZone() + "' is not a time zone id");
      }
    }
  }
}
