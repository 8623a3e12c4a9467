package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) as far as one field manager's own fields
 * go: the applied configuration is merged into the live object, and the fields this manager applied
 * last time but leaves out now are removed (unless another manager applied them too). Lists are
 * atomic, except {@code metadata.finalizers}, which is a set, as in Kubernetes.
 *
 * <p>Not modelled: conflicts between managers (every caller here forces, as JOSDK does) and {@code
 * metadata.managedFields} in the stored object; ownership is kept here, per object uid.
 */
final class ServerSideApply {

  /** Separates path segments; field names may hold dots and slashes (annotation keys). */
  private static final String SEP = "\u001f";

  private static final String FINALIZERS = "metadata" + SEP + "finalizers";

  /** Marks a map (not a leaf): removed only when nothing is left in it. */
  private static final String CONTAINER = SEP + "{}";

  private static final Set<String> IDENTITY =
      Set.of(
          "apiVersion",
          "kind",
          "metadata" + SEP + "name",
          "metadata" + SEP + "namespace",
          "metadata" + SEP + "resourceVersion");

  /** object key -> manager -> the field paths it applied last. */
  private final Map<String, Map<String, Set<String>>> owners = new ConcurrentHashMap<>();

  /**
   * The object after applying {@code applied} as {@code manager}.
   *
   * @param key identifies the live object across applies (namespace/name of its resource)
   * @param live the stored object, or null when the apply creates it
   * @param statusOnly an apply to the status subresource: only {@code status} is taken from it
   */
  ObjectNode apply(
      String key, ObjectNode live, ObjectNode applied, String manager, boolean statusOnly) {
    ObjectNode config = applied.deepCopy();
    if (statusOnly) {
      ObjectNode onlyStatus = config.objectNode();
      if (config.has("status")) {
        onlyStatus.set("status", config.get("status"));
      }
      config = onlyStatus;
    }
    Set<String> fields = new LinkedHashSet<>();
    collect(config, "", fields);
    fields.removeAll(IDENTITY);

    Map<String, Set<String>> managers = owners.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    // As managedFields: a manager's fields of the status subresource are a separate entry.
    String entry = statusOnly ? manager + "/status" : manager;
    Set<String> previous = managers.getOrDefault(entry, Set.of());
    ObjectNode result = live == null ? applied.deepCopy() : live.deepCopy();
    if (live != null) {
      Set<String> ownedByOthers = new HashSet<>();
      managers.forEach(
          (other, owned) -> {
            if (!other.equals(entry)) {
              ownedByOthers.addAll(owned);
            }
          });
      List<String> dropped =
          previous.stream()
              .filter(f -> !fields.contains(f) && !ownedByOthers.contains(f))
              // leaves first, then maps from the deepest up, so emptied maps can go too
              .sorted(
                  Comparator.comparing((String f) -> f.endsWith(CONTAINER))
                      .thenComparing(f -> -f.split(SEP).length))
              .toList();
      for (String field : dropped) {
        if (field.endsWith(CONTAINER)) {
          String map = field.substring(0, field.length() - CONTAINER.length());
          if (node(result, map) instanceof ObjectNode object && object.isEmpty()) {
            remove(result, map);
          }
        } else {
          remove(result, field);
        }
      }
      merge(result, config, "");
    }
    managers.put(entry, fields);
    return result;
  }

  /** Forgets an object's owners once it is deleted. */
  void forget(String key) {
    owners.remove(key);
  }

  private static void collect(JsonNode node, String path, Set<String> fields) {
    if (node.isObject() && (node.size() > 0 || path.isEmpty())) {
      if (!path.isEmpty()) {
        // Owning a map's members means owning the map: it goes once they are gone.
        fields.add(path + CONTAINER);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        collect(
            field.getValue(),
            path.isEmpty() ? field.getKey() : path + SEP + field.getKey(),
            fields);
      }
    } else if (FINALIZERS.equals(path) && node.isArray()) {
      for (JsonNode finalizer : node) {
        fields.add(FINALIZERS + "[=" + finalizer.asText() + "]");
      }
    } else {
      fields.add(path);
    }
  }

  private static void merge(ObjectNode target, JsonNode config, String path) {
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String child = path.isEmpty() ? field.getKey() : path + SEP + field.getKey();
      JsonNode value = field.getValue();
      JsonNode existing = target.get(field.getKey());
      if (FINALIZERS.equals(child) && value.isArray()) {
        Set<String> union = new LinkedHashSet<>();
        if (existing != null && existing.isArray()) {
          existing.forEach(f -> union.add(f.asText()));
        }
        value.forEach(f -> union.add(f.asText()));
        ArrayNode finalizers = target.putArray(field.getKey());
        union.forEach(finalizers::add);
      } else if (value.isObject() && existing != null && existing.isObject()) {
        merge((ObjectNode) existing, value, child);
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }

  private static JsonNode node(JsonNode root, String field) {
    JsonNode node = root;
    for (String part : field.split(SEP)) {
      node = node.path(part);
    }
    return node;
  }

  private static void remove(ObjectNode object, String field) {
    if (field.startsWith(FINALIZERS + "[=")) {
      String finalizer = field.substring(FINALIZERS.length() + 2, field.length() - 1);
      JsonNode finalizers = object.path("metadata").path("finalizers");
      if (finalizers instanceof ArrayNode list) {
        for (int i = list.size() - 1; i >= 0; i--) {
          if (list.get(i).asText().equals(finalizer)) {
            list.remove(i);
          }
        }
      }
      return;
    }
    List<String> parts = List.of(field.split(SEP));
    JsonNode node = object;
    for (int i = 0; i < parts.size() - 1; i++) {
      node = node.path(parts.get(i));
    }
    if (node instanceof ObjectNode parent) {
      parent.remove(parts.get(parts.size() - 1));
    }
  }
}
