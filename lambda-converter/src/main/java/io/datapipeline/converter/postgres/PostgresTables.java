package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.PermanentProblem;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Creates the data table and {@code pipeline_loads} when absent (docs/contracts.md), applies
 * additive changes (a new nullable column) and refuses incompatible ones with a clear message. Runs
 * under an advisory lock: concurrent Lambdas must not race on DDL.
 */
public final class PostgresTables {

  /** The lineage columns every data table carries, in COPY order. */
  public static final List<String> LINEAGE =
      List.of("_dp_source_key", "_dp_source_version", "_dp_line", "_dp_loaded_at");

  /**
   * The surrogate primary key of a keyless schema's table: the row's identity is its source object
   * and line, unique through the index {@code <table>_dp_row_identity}; this column gives every row
   * a short stable handle for joins and dashboards.
   */
  public static final String ROW_ID = "_dp_row_id";

  private static final Pattern TABLE_NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

  private PostgresTables() {}

  /**
   * Thrown when the live table cannot take this schema's rows: permanent, as no retry of the file
   * changes the table or the schema.
   */
  public static final class IncompatibleTableException extends SQLException
      implements PermanentProblem {
    IncompatibleTableException(String message) {
      super(message);
    }

    @Override
    public String reason() {
      return "schema_mismatch";
    }
  }

  /** The audit table's name: no data table may take it. */
  public static final String AUDIT_TABLE = "pipeline_loads";

  public static void validateName(String table) {
    if (table == null || !TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "DB_TABLE '"
              + table
              + "' must be 1 to 63 lower case letters, digits and '_', starting with a letter");
    }
    if (table.equals(AUDIT_TABLE)) {
      throw new IllegalArgumentException(
          "DB_TABLE '" + table + "' is the converter's audit table: choose another table name");
    }
  }

  /** Brings both tables to the schema, in transactions of its own (the audit table first). */
  public static void ensure(Connection connection, Schema schema, String table)
      throws SQLException {
    validateName(table);
    DdlTransaction.run(
        connection,
        statement -> {
          statement.execute(
              "CREATE TABLE IF NOT EXISTS pipeline_loads ("
                  + "id bigserial PRIMARY KEY, source_bucket text, source_key text,"
                  + " source_version text, status text, rows_loaded bigint, rows_rejected bigint,"
                  + " bytes bigint, started_at timestamptz, finished_at timestamptz, error text)");
          // Added after the first release: tables created before gain them here.
          statement.execute(
              "ALTER TABLE pipeline_loads ADD COLUMN IF NOT EXISTS source_sequencer text,"
                  + " ADD COLUMN IF NOT EXISTS reason text, ADD COLUMN IF NOT EXISTS notes text");
          statement.execute(
              "CREATE INDEX IF NOT EXISTS pipeline_loads_source_idx"
                  + " ON pipeline_loads (source_bucket, source_key, source_version)");
        });
    // The audit table stands even when the data table turns out incompatible below: the failed
    // file still gets its audit row.
    DdlTransaction.run(
        connection,
        statement -> {
          Map<String, String[]> existing = columns(connection, table);
          if (existing.isEmpty()) {
            statement.execute(createTable(schema, table));
            statement.execute(
                schema.keyless()
                    // the row identity; it also serves the per-object DELETE (leading column)
                    ? "CREATE UNIQUE INDEX IF NOT EXISTS "
                        + PgTypes.quote(shortName(table, "_dp_row_identity"))
                        + " ON "
                        + PgTypes.quote(table)
                        + " (_dp_source_key, _dp_line)"
                    : "CREATE INDEX IF NOT EXISTS "
                        + PgTypes.quote(shortName(table, "_dp_source_idx"))
                        + " ON "
                        + PgTypes.quote(table)
                        + " (_dp_source_key)");
          } else {
            for (String alter : migrations(schema, table, existing)) {
              statement.execute(alter);
            }
            checkPrimaryKey(connection, schema, table);
          }
        });
  }

  /** The CREATE TABLE of the data table (public for the benchmark's plain-COPY baseline). */
  public static String createTable(Schema schema, String table) {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE ").append(PgTypes.quote(table)).append(" (");
    for (Column column : schema.columns()) {
      sql.append(PgTypes.quote(column.name())).append(' ').append(PgTypes.ddl(column));
      if (!column.isNullable()) {
        sql.append(" NOT NULL");
      }
      sql.append(", ");
    }
    sql.append("_dp_source_key text NOT NULL, _dp_source_version text NOT NULL,")
        .append(" _dp_line bigint NOT NULL, _dp_loaded_at timestamptz NOT NULL, ");
    if (schema.keyless()) {
      return sql.append(ROW_ID)
          .append(" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)")
          .toString();
    }
    sql.append("PRIMARY KEY (");
    sql.append(String.join(", ", schema.primaryKey().stream().map(PgTypes::quote).toList()));
    return sql.append("))").toString();
  }

  /** ALTERs for new nullable columns; an error for anything else that differs. */
  static List<String> migrations(Schema schema, String table, Map<String, String[]> existing)
      throws IncompatibleTableException {
    List<String> alters = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Column column : schema.columns()) {
      String[] live = existing.get(column.name());
      String wanted = PgTypes.ddl(column);
      if (live == null) {
        if (column.isNullable()) {
          alters.add(
              "ALTER TABLE "
                  + PgTypes.quote(table)
                  + " ADD COLUMN IF NOT EXISTS "
                  + PgTypes.quote(column.name())
                  + ' '
                  + PgTypes.ddl(column));
        } else {
          problems.add(
              "column '"
                  + column.name()
                  + "' is new and not nullable: an existing table can"
                  + " only gain nullable columns");
        }
      } else if (!live[0].equals(wanted)) {
        problems.add(
            "column '"
                + column.name()
                + "' is "
                + live[0]
                + " in table "
                + table
                + " but "
                + wanted
                + " in the schema");
      }
    }
    for (Map.Entry<String, String[]> live : existing.entrySet()) {
      String name = live.getKey();
      if (!LINEAGE.contains(name)
          && !ROW_ID.equals(name)
          && schema.indexOf(name) < 0
          && "NO".equals(live.getValue()[1])) {
        problems.add(
            "column '" + name + "' of table " + table + " is NOT NULL but no longer in the schema");
      }
    }
    if (!problems.isEmpty()) {
      throw new IncompatibleTableException(
          "table " + table + " is incompatible with the schema: " + String.join("; ", problems));
    }
    return alters;
  }

  private static void checkPrimaryKey(Connection connection, Schema schema, String table)
      throws SQLException {
    List<String> live = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT a.attname FROM pg_index i"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary"
                + " ORDER BY array_position(i.indkey, a.attnum)")) {
      statement.setString(1, "public." + PgTypes.quote(table));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          live.add(rs.getString(1));
        }
      }
    }
    List<String> wanted = schema.keyless() ? List.of(ROW_ID) : schema.primaryKey();
    if (!live.equals(wanted)) {
      throw new IncompatibleTableException(
          "table "
              + table
              + " has primary key "
              + live
              + " but the schema says "
              + (schema.keyless() ? "none (keyless: the surrogate key " + ROW_ID + ")" : wanted));
    }
  }

  /** Column name -> {type as in DDL, is_nullable} of the live table (empty when absent). */
  static Map<String, String[]> columns(Connection connection, String table) throws SQLException {
    Map<String, String[]> columns = new LinkedHashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT column_name, data_type, numeric_precision, numeric_scale, is_nullable"
                + " FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          columns.put(
              rs.getString(1),
              new String[] {
                PgTypes.describe(
                    rs.getString(2), (Integer) rs.getObject(3), (Integer) rs.getObject(4)),
                rs.getString(5)
              });
        }
      }
    }
    return columns;
  }

  private static String shortName(String table, String suffix) {
    String name = table + suffix;
    return name.length() <= 63 ? name : table.substring(0, 63 - suffix.length()) + suffix;
  }
}
