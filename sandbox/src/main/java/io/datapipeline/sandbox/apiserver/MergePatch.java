package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386). Strategic-merge directives ({@code $patch}, {@code
 * $setElementOrder/...}, {@code $retainKeys}) are dropped, so a strategic merge patch from kubectl
 * applies as a merge patch.
 */
final class MergePatch {

  private MergePatch() {}

  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (name.startsWith("$")) {
        continue;
      }
      if (field.getValue().isNull()) {
        result.remove(name);
      } else {
        result.set(name, apply(result.get(name), field.getValue()));
      }
    }
    return result;
  }
}
