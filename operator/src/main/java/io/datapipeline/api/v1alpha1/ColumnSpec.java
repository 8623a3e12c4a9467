package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One typed CSV column. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'decimal' || (has(self.precision) && has(self.scale))",
    message = "a decimal column needs precision and scale")
@ValidationRule(
    value = "self.type == 'decimal' || (!has(self.precision) && !has(self.scale))",
    message = "precision and scale apply only to decimal columns")
@ValidationRule(
    value = "!has(self.precision) || !has(self.scale) || self.scale <= self.precision",
    message = "scale must not exceed precision",
    fieldPath = ".scale")
@ValidationRule(
    value = "self.type in ['date', 'timestamp'] || (!has(self.format) && !has(self.timeZone))",
    message = "format and timeZone apply only to date and timestamp columns")
@ValidationRule(
    value = "!(self.name.lowerAscii() in ['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid'])",
    message = ColumnSpec.SYSTEM_COLUMN_NAME,
    messageExpression = "'" + ColumnSpec.SYSTEM_COLUMN_NAME + ": ' + self.name",
    fieldPath = ".name")
@ValidationRule(
    value = "!self.name.lowerAscii().startsWith('_dp_')",
    message = ColumnSpec.RESERVED_COLUMN_NAME,
    messageExpression = "'" + ColumnSpec.RESERVED_COLUMN_NAME + ": ' + self.name",
    fieldPath = ".name")
public class ColumnSpec {

  // PostgreSQL refuses a user column named like a system column, so the converter's CREATE TABLE
  // would fail on the first file; the converter writes its lineage columns as _dp_*. Compared
  // case-insensitively: PostgreSQL folds unquoted identifiers to lower case. The converter's
  // SchemaValidator refuses the same names with the same messages.
  static final String SYSTEM_COLUMN_NAME =
      "schema.columns: a column cannot be named like a PostgreSQL system column (tableoid, xmin,"
          + " cmin, xmax, cmax, ctid)";
  static final String RESERVED_COLUMN_NAME =
      "schema.columns: column names starting with _dp_ are reserved for the lineage columns the"
          + " converter adds";

  @Required
  @Size(max = 63)
  @Pattern(Patterns.SQL_IDENTIFIER)
  @JsonPropertyDescription(
      "Column name as in the CSV header: lower case letters, digits and '_', starting with a"
          + " letter, at most 63 characters (a PostgreSQL identifier and DynamoDB attribute name).")
  public String name;

  @Required
  @JsonPropertyDescription(
      "Type: string, int64, float64, decimal (with precision and scale), boolean, date or"
          + " timestamp.")
  public ColumnType type;

  @Default("true")
  @JsonPropertyDescription(
      "Whether the column may be null; a null in a non-nullable column rejects the row.")
  public Boolean nullable = true;

  @Min(1)
  @Max(38)
  @JsonPropertyDescription("Total number of digits of a decimal column, 1 to 38.")
  public Integer precision;

  @Min(0)
  @Max(38)
  @JsonPropertyDescription("Digits after the decimal point of a decimal column, 0 to precision.")
  public Integer scale;

  @Size(min = 1, max = 64)
  @JsonPropertyDescription(
      "java.time pattern of a date or timestamp column, e.g. yyyy-MM-dd HH:mm:ss. Default: ISO-8601"
          + " (yyyy-MM-dd for dates, e.g. 2024-05-01T12:00:00Z for timestamps).")
  public String format;

  @Size(min = 1, max = 64)
  @JsonPropertyDescription(
      "Time zone (IANA id, e.g. Europe/Paris) of timestamps that carry no offset. Default UTC.")
  public String timeZone;

  /** The column types and how each maps to Parquet, PostgreSQL and DynamoDB. */
  public enum ColumnType {
    @JsonProperty("string")
    STRING,
    @JsonProperty("int64")
    INT64,
    @JsonProperty("float64")
    FLOAT64,
    @JsonProperty("decimal")
    DECIMAL,
    @JsonProperty("boolean")
    BOOLEAN,
    @JsonProperty("date")
    DATE,
    @JsonProperty("timestamp")
    TIMESTAMP
  }
}
