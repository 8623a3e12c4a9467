package io.datapipeline.converter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaLoaderTest {

  @Test
  void appliesTheCrdDefaults() {
    Schema schema =
        SchemaLoader.parse(
            "{\"primaryKey\": [\"id\"], \"columns\": [{\"name\": \"id\", \"type\": \"int64\","
                + " \"nullable\": false}, {\"name\": \"note\", \"type\": \"string\"}]}");
    assertThat(schema.delimiter()).isEqualTo(",");
    assertThat(schema.quote()).isEqualTo("\"");
    assertThat(schema.header()).isTrue();
    assertThat(schema.nullValues()).containsExactly("");
    assertThat(schema.onBadRow()).isEqualTo(OnBadRow.Quarantine);
    assertThat(schema.columns().get(1).isNullable()).isTrue();
  }

  @Test
  void roundTripsThroughJson() {
    Schema schema =
        new Schema(
            ";",
            "'",
            false,
            List.of("", "NA"),
            OnBadRow.Fail,
            List.of("id"),
            List.of(
                new Column("id", ColumnType.DECIMAL, false, 10, 0, null, null),
                new Column(
                    "at",
                    ColumnType.TIMESTAMP,
                    true,
                    null,
                    null,
                    "yyyy-MM-dd HH:mm",
                    "Europe/Paris")));
    assertThat(SchemaLoader.parse(SchemaLoader.toJson(schema))).isEqualTo(schema);
  }

  @Test
  void reportsEveryBrokenRuleNamingTheField() {
    assertThatThrownBy(
            () ->
                SchemaLoader.parse(
                    "{\"delimiter\": \",\", \"quote\": \",\", \"primaryKey\": [\"id\", \"missing\"],"
                        + " \"columns\": [{\"name\": \"id\", \"type\": \"boolean\"},"
                        + " {\"name\": \"Amount\", \"type\": \"decimal\"},"
                        + " {\"name\": \"d\", \"type\": \"date\", \"format\": \"yyyy-MM-dd\", \"timeZone\": \"Mars/Base\"}]}"))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("schema.quote: schema.delimiter and schema.quote must differ")
        .hasMessageContaining("schema.columns[1].name: 'Amount'")
        .hasMessageContaining("schema.columns[1]: a decimal column needs precision and scale")
        .hasMessageContaining("schema.columns[2].timeZone: 'Mars/Base'")
        .hasMessageContaining("schema.primaryKey: 'missing' is not a column")
        .hasMessageContaining("schema.primaryKey: column 'id' must be `nullable: false`")
        .hasMessageContaining("schema.primaryKey: column 'id' cannot be boolean");
  }

  @Test
  void rejectsUnknownFieldsAndTypes() {
    assertThatThrownBy(() -> SchemaLoader.parse("{\"primaryKey\": [\"a\"], \"colums\": []}"))
        .hasMessageContaining("unknown field 'colums'");
    assertThatThrownBy(
            () ->
                SchemaLoader.parse(
                    "{\"primaryKey\": [\"a\"], \"columns\": [{\"name\": \"a\", \"type\": \"int\"}]}"))
        .hasMessageContaining("unknown column type 'int'");
  }
}
