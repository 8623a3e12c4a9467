package io.datapipeline.converter.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The column types of {@code spec.schema}, spelled as in the CRD. */
public enum ColumnType {
  STRING("string"),
  INT64("int64"),
  FLOAT64("float64"),
  DECIMAL("decimal"),
  BOOLEAN("boolean"),
  DATE("date"),
  TIMESTAMP("timestamp");

  private final String json;

  ColumnType(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  @JsonCreator
  public static ColumnType fromJson(String value) {
    for (ColumnType type : values()) {
      if (type.json.equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown column type '"
            + value
            + "' (expected one of "
            + Arrays.stream(values()).map(ColumnType::json).collect(Collectors.joining(", "))
            + ")");
  }

  @Override
  public String toString() {
    return json.toLowerCase(Locale.ROOT);
  }
}
