package io.datapipeline.converter.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One typed CSV column, the JSON shape of {@code spec.schema.columns[]} (see the operator's
 * ColumnSpec). Defaults are applied here, validation lives in {@link SchemaValidator}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Column(
    @JsonProperty("name") String name,
    @JsonProperty("type") ColumnType type,
    @JsonProperty("nullable") Boolean nullable,
    @JsonProperty("precision") Integer precision,
    @JsonProperty("scale") Integer scale,
    @JsonProperty("format") String format,
    @JsonProperty("timeZone") String timeZone) {

  @JsonCreator
  public Column {
    if (nullable == null) {
      nullable = Boolean.TRUE;
    }
  }

  public static Column of(String name, ColumnType type) {
    return new Column(name, type, true, null, null, null, null);
  }

  public boolean isNullable() {
    return nullable;
  }
}
