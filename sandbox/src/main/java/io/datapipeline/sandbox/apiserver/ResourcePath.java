package io.datapipeline.sandbox.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request path of the Kubernetes REST API, taken apart: {@code
 * /apis/<group>/<version>/namespaces/<ns>/<plural>/<name>/<subresource>?query} (the core group is
 * {@code /api/v1/...}, with an empty group).
 *
 * @param namespace null for cluster-scoped requests and for lists across namespaces
 * @param name null for a collection
 * @param subresource null, or e.g. {@code status}
 */
record ResourcePath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    Map<String, String> query) {

  /** Parses a path; empty for anything that is not a resource (discovery, OpenAPI, /version). */
  static Optional<ResourcePath> parse(String path) {
    int q = path.indexOf('?');
    String base = q < 0 ? path : path.substring(0, q);
    Map<String, String> query = query(q < 0 ? "" : path.substring(q + 1));
    String[] s = base.replaceAll("^/+|/+$", "").split("/");
    int i;
    String group;
    String version;
    if (s.length >= 3 && s[0].equals("api")) {
      group = "";
      version = s[1];
      i = 2;
    } else if (s.length >= 4 && s[0].equals("apis")) {
      group = s[1];
      version = s[2];
      i = 3;
    } else {
      return Optional.empty();
    }
    String namespace = null;
    // namespaces/<ns>/<plural>...: a namespaced resource; namespaces[/<name>]: the namespace itself
    if (s[i].equals("namespaces") && s.length >= i + 3) {
      namespace = s[i + 1];
      i += 2;
    }
    String plural = s[i];
    String name = s.length > i + 1 ? s[i + 1] : null;
    String subresource = s.length > i + 2 ? s[i + 2] : null;
    return Optional.of(
        new ResourcePath(group, version, namespace, plural, name, subresource, query));
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  boolean isCollection() {
    return name == null;
  }

  boolean isStatus() {
    return "status".equals(subresource);
  }

  /** This path without subresource and query: the object itself. */
  String objectPath() {
    return collectionPath() + "/" + name;
  }

  /** The collection this path's object lives in (namespaced when the path is). */
  String collectionPath() {
    StringBuilder path =
        new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
    if (namespace != null) {
      path.append("/namespaces/").append(namespace);
    }
    return path.append('/').append(plural).toString();
  }

  /** Same resource, another name (e.g. the object a collection POST creates). */
  ResourcePath withName(String other) {
    return new ResourcePath(group, version, namespace, plural, other, null, Map.of());
  }

  /** The path as the store should see it: without the named query parameters. */
  static String withoutParameters(String path, Set<String> dropped) {
    int q = path.indexOf('?');
    String base = q < 0 ? path : path.substring(0, q);
    StringBuilder kept = new StringBuilder();
    for (String pair : q < 0 ? new String[0] : path.substring(q + 1).split("&")) {
      String key = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
      if (!pair.isEmpty() && !dropped.contains(key)) {
        kept.append(kept.length() == 0 ? "?" : "&").append(pair);
      }
    }
    return base + kept;
  }

  static Map<String, String> query(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      String[] parts = pair.split("=", 2);
      parameters.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
    }
    return parameters;
  }
}
