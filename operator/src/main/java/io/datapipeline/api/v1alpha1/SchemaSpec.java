package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The CSV contract; the converter's {@code --schema} file has exactly this JSON shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.primaryKey) || self.primaryKey.all(k, self.columns.exists(c, c.name == k))",
    message = "every schema.primaryKey entry must name a column in schema.columns",
    fieldPath = ".primaryKey")
@ValidationRule(
    value =
        "!has(self.primaryKey) || self.columns.all(c, !(c.name in self.primaryKey)"
            + " || (has(c.nullable) && !c.nullable && c.type != 'boolean'))",
    message =
        "schema.primaryKey columns must be `nullable: false` and not boolean (DynamoDB keys are"
            + " strings or numbers)",
    fieldPath = ".primaryKey")
@ValidationRule(
    value = "self.columns.all(c, self.columns.exists_one(d, d.name == c.name))",
    message = "schema.columns names must be unique",
    fieldPath = ".columns")
@ValidationRule(
    value =
        "(has(self.primaryKey) ? self.primaryKey : []) =="
            + " (has(oldSelf.primaryKey) ? oldSelf.primaryKey : [])",
    message =
        "schema.primaryKey is immutable: a new key means a new table (adding one to a keyless"
            + " schema or removing it too)",
    fieldPath = ".primaryKey")
@ValidationRule(
    value =
        "oldSelf.columns.all(o, !self.columns.exists(c, c.name == o.name)"
            + " || self.columns.exists(c, c.name == o.name && c.type == o.type"
            + " && (!has(o.precision) || (has(c.precision) && c.precision == o.precision))"
            + " && (!has(o.scale) || (has(c.scale) && c.scale == o.scale))))",
    message =
        "schema.columns types are immutable once set: add a new column instead of changing the"
            + " type of a loaded one",
    fieldPath = ".columns")
@ValidationRule(
    value =
        "!has(self.primaryKey) || self.primaryKey.all(k, self.primaryKey.exists_one(j, j == k))",
    message = "schema.primaryKey must not name a column twice",
    fieldPath = ".primaryKey")
@ValidationRule(
    value = "!(self.delimiter in ['\\n', '\\r']) && !(self.quote in ['\\n', '\\r'])",
    message = "schema.delimiter and schema.quote must not be line breaks",
    fieldPath = ".delimiter")
@ValidationRule(
    value = "self.delimiter != self.quote",
    message = "schema.delimiter and schema.quote must differ",
    fieldPath = ".quote")
@ValidationRule(
    value = "oldSelf.columns.all(o, self.columns.exists(c, c.name == o.name))",
    message = SchemaSpec.COLUMN_REMOVED,
    messageExpression =
        "'"
            + SchemaSpec.COLUMN_REMOVED
            + ": ' + oldSelf.columns.filter(o,"
            + " !self.columns.exists(c, c.name == o.name)).map(o, o.name).join(', ')",
    fieldPath = ".columns")
@ValidationRule(
    value =
        "oldSelf.columns.all(o, !(has(o.nullable) ? o.nullable : true)"
            + " || !self.columns.exists(c, c.name == o.name"
            + " && !(has(c.nullable) ? c.nullable : true)))",
    message = SchemaSpec.COLUMN_MADE_REQUIRED,
    messageExpression =
        "'"
            + SchemaSpec.COLUMN_MADE_REQUIRED
            + ": ' + self.columns.filter(c,"
            + " !(has(c.nullable) ? c.nullable : true) && oldSelf.columns.exists(o,"
            + " o.name == c.name && (has(o.nullable) ? o.nullable : true))).map(c, c.name)"
            + ".join(', ')",
    fieldPath = ".columns")
@ValidationRule(
    value =
        "self.columns.all(c, oldSelf.columns.exists(o, o.name == c.name)"
            + " || (has(c.nullable) ? c.nullable : true))",
    message = SchemaSpec.NEW_COLUMN_REQUIRED,
    messageExpression =
        "'"
            + SchemaSpec.NEW_COLUMN_REQUIRED
            + ": ' + self.columns.filter(c,"
            + " !oldSelf.columns.exists(o, o.name == c.name)"
            + " && !(has(c.nullable) ? c.nullable : true)).map(c, c.name).join(', ')",
    fieldPath = ".columns")
@ValidationRule(
    value =
        "!has(oldSelf.nullValues) || (has(self.nullValues)"
            + " && oldSelf.nullValues.all(v, v in self.nullValues))",
    message = SchemaSpec.NULL_MARKER_REMOVED,
    fieldPath = ".nullValues")
public class SchemaSpec {

  // Schema evolution (docs/schema-evolution.md): files already loaded, and files still arriving
  // in the old shape, must keep loading. Each message names how to get there instead.
  static final String COLUMN_REMOVED =
      "schema.columns: a loaded column cannot be removed (make it `nullable: true` instead; files"
          + " may then leave it out)";
  static final String COLUMN_MADE_REQUIRED =
      "schema.columns: a nullable column cannot become `nullable: false` (rows already loaded"
          + " hold nulls)";
  static final String NEW_COLUMN_REQUIRED =
      "schema.columns: a column added to a loaded schema must be `nullable: true` (files and rows"
          + " of the old shape have no value for it)";
  static final String NULL_MARKER_REMOVED =
      "schema.nullValues: a null marker cannot be removed once files may use it (add markers"
          + " instead)";

  @Default("\",\"")
  @Size(min = 1, max = 1)
  @JsonPropertyDescription("Field delimiter, one character.")
  public String delimiter = ",";

  @Default("\"\\\"\"")
  @Size(min = 1, max = 1)
  @JsonPropertyDescription("Quote character, one character; doubled inside a quoted field.")
  public String quote = "\"";

  @Default("true")
  @JsonPropertyDescription(
      "Whether the first line is a header. Header names map to columns by name, in any order.")
  public Boolean header = true;

  @Default("[\"\"]")
  @Size(max = 16)
  @JsonPropertyDescription("Field values read as null (before type conversion).")
  public List<@Size(max = 64) String> nullValues = new ArrayList<>(List.of(""));

  @Default("Quarantine")
  @JsonPropertyDescription(
      "Quarantine writes a row that cannot be parsed to rejected/<key>.csv with its line number"
          + " and reason and loads the rest; Fail refuses the whole file.")
  public OnBadRow onBadRow = OnBadRow.Quarantine;

  @Size(max = 2)
  @JsonPropertyDescription(
      "Columns that identify a row: the DynamoDB partition key and optional sort key, and the"
          + " PostgreSQL primary key. Optional: without it (absent or empty) the data is keyless and a row's"
          + " identity is its source object and line (PostgreSQL gets a surrogate key _dp_row_id,"
          + " DynamoDB the key _dp_partition/_dp_line; docs/contracts.md), every row of a file is"
          + " loaded, and a new version of an object replaces exactly that object's rows."
          + " Immutable, also its presence.")
  public List<@Size(max = 63) @Pattern(Patterns.SQL_IDENTIFIER) String> primaryKey;

  @Required
  @Size(min = 1, max = 200)
  @JsonPropertyDescription("The typed columns, 1 to 200.")
  public List<ColumnSpec> columns = new ArrayList<>();

  /** True when no primary key is declared: rows are identified by source object and line. */
  @JsonIgnore
  public boolean keyless() {
    return primaryKey == null || primaryKey.isEmpty();
  }

  /** What happens to a row that cannot be parsed or converted. */
  public enum OnBadRow {
    Quarantine,
    Fail
  }
}
