package io.datapipeline.converter.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.converter.TestFiles;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * The streaming reader against jackson-databind's binding of the same records (what read schemas
   * before it), on every schema the tests use and one setting every field.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/datasets/airports.schema.json",
        "/datasets/github.schema.json",
        "/datasets/seattle-weather.schema.json",
        "/datasets/sp500-2000.schema.json",
        "/bench/orders.schema.json",
        "/bench/converter.schema.json"
      })
  void readsWhatJacksonDatabindReads(String resource) throws Exception {
    String json = TestFiles.read(resource);
    assertThat(SchemaLoader.parse(json)).isEqualTo(databind(json));
  }

  @Test
  void readsEveryFieldAsJacksonDatabindDoes() throws Exception {
    String json =
        "{\"delimiter\": \";\", \"quote\": \"'\", \"header\": false, \"nullValues\": [\"\", \"NA\"],"
            + " \"onBadRow\": \"Fail\", \"primaryKey\": [\"id\"], \"columns\": ["
            + "{\"name\": \"id\", \"type\": \"decimal\", \"nullable\": false, \"precision\": 10,"
            + " \"scale\": 0},"
            + "{\"name\": \"at\", \"type\": \"timestamp\", \"format\": \"yyyy-MM-dd HH:mm\","
            + " \"timeZone\": \"Europe/Paris\", \"nullable\": null}]}";
    assertThat(SchemaLoader.parse(json)).isEqualTo(databind(json));
    String nulls =
        "{\"delimiter\": null, \"quote\": null, \"header\": null, \"nullValues\": null,"
            + " \"onBadRow\": null, \"primaryKey\": [\"id\"], \"columns\": [{\"name\": \"id\","
            + " \"type\": \"int64\", \"nullable\": false}]}";
    assertThat(SchemaLoader.parse(nulls)).isEqualTo(databind(nulls));
  }

  @Test
  void namesTheFieldOfAValueOfTheWrongType() {
    assertThatThrownBy(
            () ->
                SchemaLoader.parse(
                    "{\"columns\": [{\"name\": \"a\", \"type\": \"decimal\", \"precision\": \"12\"}]}"))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("schema.columns[0].precision must be an integer, found 12");
    assertThatThrownBy(() -> SchemaLoader.parse("{\"header\": \"yes\"}"))
        .hasMessageContaining("schema.header must be true or false, found yes");
    assertThatThrownBy(() -> SchemaLoader.parse("{\"primaryKey\": \"id\"}"))
        .hasMessageContaining("schema.primaryKey must be an array of strings");
    assertThatThrownBy(() -> SchemaLoader.parse("{\"primaryKey\": [1]}"))
        .hasMessageContaining("schema.primaryKey[0] must be a string, found 1");
    assertThatThrownBy(() -> SchemaLoader.parse("{\"onBadRow\": \"Skip\"}"))
        .hasMessageContaining("schema.onBadRow: 'Skip' is not one of [Quarantine, Fail]");
    assertThatThrownBy(
            () ->
                SchemaLoader.parse(
                    "{\"columns\": [{\"name\": \"a\", \"type\": \"int64\", \"size\": 8}]}"))
        .hasMessageContaining("unknown field 'size' at schema.columns[0].size");
    assertThatThrownBy(() -> SchemaLoader.parse("[]"))
        .hasMessageContaining("schema must be an object, found an array");
    assertThatThrownBy(() -> SchemaLoader.parse("{\"columns\": [}"))
        .hasMessageStartingWith("invalid schema JSON: ");
    assertThatThrownBy(() -> SchemaLoader.parse("  ")).hasMessage("invalid schema: empty document");
  }

  private static Schema databind(String json) throws Exception {
    return SchemaValidator.validate(
        new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(json, Schema.class));
  }
}
