package io.datapipeline.converter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaValidatorTest {

  private static Schema withColumn(String name) {
    return new Schema(
        ",",
        "\"",
        true,
        List.of(""),
        OnBadRow.Quarantine,
        List.of("id"),
        List.of(
            new Column("id", ColumnType.INT64, false, null, null, null, null),
            Column.of(name, ColumnType.STRING)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"})
  void refusesPostgresSystemColumnNamesNamingTheColumn(String name) {
    assertThatThrownBy(() -> SchemaValidator.validate(withColumn(name)))
        .isInstanceOf(SchemaException.class)
        .hasMessage(
            "invalid schema: schema.columns[1].name: schema.columns: a column cannot be named like"
                + " a PostgreSQL system column (tableoid, xmin, cmin, xmax, cmax, ctid): "
                + name);
  }

  @Test
  void refusesSystemColumnNamesInAnyCase() {
    // The pattern refuses upper case too; the system-column reason is still given.
    assertThatThrownBy(() -> SchemaValidator.validate(withColumn("XMin")))
        .hasMessageContaining("schema.columns[1].name: 'XMin' must be lower case letters")
        .hasMessageContaining(
            "schema.columns[1].name: schema.columns: a column cannot be named like a PostgreSQL"
                + " system column (tableoid, xmin, cmin, xmax, cmax, ctid): XMin");
  }

  @Test
  void refusesTheLineagePrefix() {
    assertThatThrownBy(() -> SchemaValidator.validate(withColumn("_dp_line")))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("schema.columns[1].name: '_dp_line' must be lower case letters")
        .hasMessageContaining(
            "schema.columns[1].name: schema.columns: column names starting with _dp_ are reserved"
                + " for the lineage columns the converter adds: _dp_line");
  }

  @Test
  void acceptsNamesThatOnlyResembleReservedOnes() {
    for (String name : List.of("xmin_c", "ctid2", "dp_line", "a_dp_b", "oid")) {
      assertThat(SchemaValidator.validate(withColumn(name)).columns().get(1).name())
          .isEqualTo(name);
    }
  }
}
