package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Visits an OpenAPI schema node of a CRD and every schema below it, with its field path. */
final class SchemaWalk {

  private SchemaWalk() {}

  /** The path of every property at or below {@code schema} without a description. */
  static List<String> undescribedProperties(JsonNode schema) {
    List<String> undescribed = new ArrayList<>();
    walk(
        schema,
        "",
        (path, node) ->
            node.path("properties")
                .fields()
                .forEachRemaining(
                    p -> {
                      if (p.getValue().path("description").asText().isBlank()) {
                        undescribed.add(path + "." + p.getKey());
                      }
                    }));
    return undescribed;
  }

  /** Array items and map values are named {@code [*]} in the path. */
  static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visitor) {
    visitor.accept(path, node);
    node.path("properties")
        .fields()
        .forEachRemaining(p -> walk(p.getValue(), path + "." + p.getKey(), visitor));
    if (node.path("items").isObject()) {
      walk(node.get("items"), path + "[*]", visitor);
    }
    if (node.path("additionalProperties").isObject()) {
      walk(node.get("additionalProperties"), path + "[*]", visitor);
    }
  }
}
