package io.datapipeline.converter.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code spec.schema} JSON with jackson-core's streaming parser into {@link Schema} and
 * {@link Column}, field by field. Every cold start reads a schema before its first row; binding the
 * records through jackson-databind took about 115 ms of CPU there with AppCDS (its object mapper,
 * introspection of the records and their annotations, some 480 classes), this reader about 30 ms
 * with the same validation ({@code bench/converter-startup.sh}). Errors name the field: an unknown
 * field, a value of the wrong JSON type, an unknown enum value.
 */
final class SchemaJsonReader {

  private static final JsonFactory JSON = new JsonFactory();

  private SchemaJsonReader() {}

  /** The schema of {@code json}; null for an empty document. */
  static Schema read(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      Schema schema = first == JsonToken.VALUE_NULL ? null : schema(p);
      if (p.nextToken() != null) {
        throw new SchemaException("invalid schema JSON: more than one value in the document");
      }
      return schema;
    } catch (JsonProcessingException e) {
      throw new SchemaException("invalid schema JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  private static Schema schema(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "schema", "an object");
    String delimiter = null;
    String quote = null;
    Boolean header = null;
    List<String> nullValues = null;
    OnBadRow onBadRow = null;
    List<String> primaryKey = null;
    List<Column> columns = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      String path = "schema." + field;
      p.nextToken();
      switch (field) {
        case "delimiter" -> delimiter = string(p, path);
        case "quote" -> quote = string(p, path);
        case "header" -> header = bool(p, path);
        case "nullValues" -> nullValues = strings(p, path);
        case "onBadRow" -> onBadRow = onBadRow(p, path);
        case "primaryKey" -> primaryKey = strings(p, path);
        case "columns" -> columns = columns(p, path);
        default -> throw unknown(field, path);
      }
    }
    return new Schema(delimiter, quote, header, nullValues, onBadRow, primaryKey, columns);
  }

  private static List<Column> columns(JsonParser p, String path) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_ARRAY, path, "an array");
    List<Column> columns = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      columns.add(column(p, path + "[" + columns.size() + "]"));
    }
    return columns;
  }

  private static Column column(JsonParser p, String at) throws IOException {
    expect(p, JsonToken.START_OBJECT, at, "an object");
    String name = null;
    ColumnType type = null;
    Boolean nullable = null;
    Integer precision = null;
    Integer scale = null;
    String format = null;
    String timeZone = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      String path = at + "." + field;
      p.nextToken();
      switch (field) {
        case "name" -> name = string(p, path);
        case "type" -> type = columnType(p, path);
        case "nullable" -> nullable = bool(p, path);
        case "precision" -> precision = integer(p, path);
        case "scale" -> scale = integer(p, path);
        case "format" -> format = string(p, path);
        case "timeZone" -> timeZone = string(p, path);
        default -> throw unknown(field, path);
      }
    }
    return new Column(name, type, nullable, precision, scale, format, timeZone);
  }

  private static ColumnType columnType(JsonParser p, String path) throws IOException {
    String value = string(p, path);
    if (value == null) {
      return null;
    }
    try {
      return ColumnType.fromJson(value);
    } catch (IllegalArgumentException e) {
      throw new SchemaException("invalid schema JSON: " + path + ": " + e.getMessage(), e);
    }
  }

  private static OnBadRow onBadRow(JsonParser p, String path) throws IOException {
    String value = string(p, path);
    if (value == null) {
      return null;
    }
    for (OnBadRow choice : OnBadRow.values()) {
      if (choice.name().equals(value)) {
        return choice;
      }
    }
    throw new SchemaException(
        "invalid schema JSON: "
            + path
            + ": '"
            + value
            + "' is not one of "
            + java.util.Arrays.toString(OnBadRow.values()));
  }

  private static List<String> strings(JsonParser p, String path) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_ARRAY, path, "an array of strings");
    List<String> values = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String value = string(p, path + "[" + values.size() + "]");
      if (value == null) {
        throw wrongType(path + "[" + values.size() + "]", "a string", p);
      }
      values.add(value);
    }
    return values;
  }

  private static String string(JsonParser p, String path) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      default -> throw wrongType(path, "a string", p);
    };
  }

  private static Boolean bool(JsonParser p, String path) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> throw wrongType(path, "true or false", p);
    };
  }

  private static Integer integer(JsonParser p, String path) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NULL -> null;
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() != JsonParser.NumberType.INT) {
          throw wrongType(path, "an integer of 32 bits", p);
        }
        yield p.getIntValue();
      }
      default -> throw wrongType(path, "an integer", p);
    };
  }

  private static void expect(JsonParser p, JsonToken token, String path, String what)
      throws IOException {
    if (p.currentToken() != token) {
      throw wrongType(path, what, p);
    }
  }

  private static SchemaException wrongType(String path, String expected, JsonParser p)
      throws IOException {
    JsonToken token = p.currentToken();
    String found =
        token == JsonToken.START_OBJECT
            ? "an object"
            : token == JsonToken.START_ARRAY ? "an array" : p.getText();
    return new SchemaException(
        "invalid schema JSON: "
            + path
            + " must be "
            + expected
            + ", found "
            + found
            + " (line "
            + p.currentTokenLocation().getLineNr()
            + ")");
  }

  private static SchemaException unknown(String field, String path) {
    return new SchemaException("invalid schema: unknown field '" + field + "' at " + path);
  }
}
