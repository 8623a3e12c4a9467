package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops the fields a structural schema does not declare, as kube-apiserver does when it stores a
 * custom resource (unless {@code x-kubernetes-preserve-unknown-fields}). The object envelope
 * ({@code apiVersion}, {@code kind}, {@code metadata}) is never pruned.
 */
final class SchemaPruning {

  private static final Set<String> ENVELOPE = Set.of("apiVersion", "kind", "metadata");

  private SchemaPruning() {}

  /** Prunes {@code object} in place; returns the paths removed, e.g. {@code spec.ingest.foo}. */
  static List<String> prune(JsonNode object, JsonNode schema) {
    List<String> removed = new ArrayList<>();
    prune(object, schema, "", removed);
    return removed;
  }

  private static void prune(JsonNode node, JsonNode schema, String path, List<String> removed) {
    if (node instanceof ObjectNode object) {
      if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
          && !schema.has("properties")) {
        return;
      }
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      List<String> unknown = new ArrayList<>();
      for (var field : (Iterable<Map.Entry<String, JsonNode>>) object::fields) {
        String name = field.getKey();
        String child = path.isEmpty() ? name : path + "." + name;
        if (path.isEmpty() && ENVELOPE.contains(name)) {
          continue;
        }
        if (properties.has(name)) {
          prune(field.getValue(), properties.get(name), child, removed);
        } else if (additional.isObject()) {
          prune(field.getValue(), additional, child, removed);
        } else if (!preserve) {
          unknown.add(name);
          removed.add(child);
        }
      }
      object.remove(unknown);
    } else if (node != null && node.isArray() && schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        prune(node.get(i), schema.get("items"), path + "[" + i + "]", removed);
      }
    }
  }
}
