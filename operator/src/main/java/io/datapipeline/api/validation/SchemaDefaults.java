package io.datapipeline.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a structural schema's {@code default}s in place, the way the API server does before it
 * validates or stores an object: a null of a non-nullable field is dropped, an absent property with
 * a default gets a copy of it, and defaulting goes on inside what was just defaulted (so {@code
 * dashboard: {}} ends up with every dashboard default).
 */
final class SchemaDefaults {

  private SchemaDefaults() {}

  static void apply(JsonNode node, JsonNode schema) {
    if (node instanceof ObjectNode object) {
      applyToObject(object, schema);
    } else if (node instanceof ArrayNode array && schema.has("items")) {
      for (JsonNode item : array) {
        apply(item, schema.get("items"));
      }
    }
  }

  private static void applyToObject(ObjectNode object, JsonNode schema) {
    JsonNode properties = schema.path("properties");
    List<String> nulls = new ArrayList<>();
    object
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode fieldSchema = properties.path(field.getKey());
              if (field.getValue().isNull() && !fieldSchema.path("nullable").asBoolean(false)) {
                nulls.add(field.getKey());
              }
            });
    object.remove(nulls);

    properties
        .fields()
        .forEachRemaining(
            property -> {
              if (!object.has(property.getKey()) && property.getValue().has("default")) {
                object.set(property.getKey(), property.getValue().get("default").deepCopy());
              }
            });

    JsonNode additional = schema.path("additionalProperties");
    for (Map.Entry<String, JsonNode> field : iterable(object)) {
      JsonNode fieldSchema = properties.get(field.getKey());
      if (fieldSchema != null) {
        apply(field.getValue(), fieldSchema);
      } else if (additional.isObject()) {
        apply(field.getValue(), additional);
      }
    }
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode object) {
    return object::fields;
  }
}
