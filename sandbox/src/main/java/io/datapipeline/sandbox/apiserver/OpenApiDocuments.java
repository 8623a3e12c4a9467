package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAPI v3 as kube-apiserver publishes it: {@code /openapi/v3} lists one document per
 * group-version, each document holds the paths (kubectl reads from their PATCH operations that the
 * server validates fields itself: {@code fieldValidation}) and the schemas, marked with {@code
 * x-kubernetes-group-version-kind} ({@code kubectl explain} finds a kind's schema by it).
 *
 * <p>For the CRDs the schema is their {@code openAPIV3Schema}; for the core kinds served here only
 * the paths are published (so kubectl leaves their validation to the server), not their schemas.
 * {@code /openapi/v2} stays 404: kubectl 1.27+ prefers v3.
 */
final class OpenApiDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String[]> CORE =
      List.of(
          new String[] {"Namespace", "namespaces", "false"},
          new String[] {"Secret", "secrets", "true"},
          new String[] {"ConfigMap", "configmaps", "true"},
          new String[] {"Event", "events", "true"},
          new String[] {"ServiceAccount", "serviceaccounts", "true"});

  /** "apis/datapipeline.io/v1alpha1" -> its document. */
  private final Map<String, ObjectNode> documents = new LinkedHashMap<>();

  OpenApiDocuments(List<JsonNode> crds) {
    ObjectNode core = document();
    for (String[] kind : CORE) {
      addPaths(core, "", "v1", kind[0], kind[1], Boolean.parseBoolean(kind[2]));
    }
    documents.put("api/v1", core);
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      String group = spec.path("group").asText();
      String kind = spec.path("names").path("kind").asText();
      String plural = spec.path("names").path("plural").asText();
      boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
      for (JsonNode version : spec.path("versions")) {
        String name = version.path("name").asText();
        // Several CRDs may share a group-version: one document holds them all.
        ObjectNode document =
            documents.computeIfAbsent("apis/" + group + "/" + name, gv -> document());
        addPaths(document, group, name, kind, plural, namespaced);
        ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
        ObjectNode properties = schema.with("properties");
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set(
            "apiVersion",
            field(
                "string",
                "APIVersion defines the versioned schema of this representation of an object."));
        envelope.set(
            "kind",
            field(
                "string",
                "Kind is a string value representing the REST resource this object represents."));
        envelope.set(
            "metadata",
            field(
                "object",
                "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"));
        envelope.setAll(properties);
        schema.set("properties", envelope);
        ArrayNode gvk = schema.putArray("x-kubernetes-group-version-kind");
        gvk.addObject().put("group", group).put("kind", kind).put("version", name);
        String schemaName = reverseDomain(group) + "." + name + "." + kind;
        document.with("components").with("schemas").set(schemaName, schema);
      }
    }
  }

  MockResponse serve(String path) {
    if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
      ObjectNode index = JSON.createObjectNode();
      ObjectNode paths = index.putObject("paths");
      documents.forEach(
          (groupVersion, document) ->
              paths
                  .putObject(groupVersion)
                  .put(
                      "serverRelativeURL",
                      "/openapi/v3/" + groupVersion + "?hash=" + hash(document)));
      return ApiStatus.json(200, index);
    }
    ObjectNode document = documents.get(path.replaceFirst("^/openapi/v3/", ""));
    if (document == null) {
      return ApiStatus.notFound("", "openapi", path);
    }
    return ApiStatus.json(200, document);
  }

  private static ObjectNode document() {
    ObjectNode document = JSON.createObjectNode();
    document.put("openapi", "3.0.0");
    document.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    document.putObject("paths");
    document.putObject("components").putObject("schemas");
    return document;
  }

  private static void addPaths(
      ObjectNode document,
      String group,
      String version,
      String kind,
      String plural,
      boolean namespaced) {
    String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    String collection = prefix + (namespaced ? "/namespaces/{namespace}/" : "/") + plural;
    ObjectNode paths = document.with("paths");
    ObjectNode item = paths.putObject(collection + "/{name}");
    for (String verb : List.of("get", "put", "patch", "delete")) {
      item.set(verb, operation(group, version, kind, verb));
    }
    ObjectNode list = paths.putObject(collection);
    for (String verb : List.of("get", "post")) {
      list.set(verb, operation(group, version, kind, verb));
    }
  }

  private static ObjectNode operation(String group, String version, String kind, String verb) {
    ObjectNode operation = JSON.createObjectNode();
    operation.put("operationId", verb + kind);
    operation
        .putObject("x-kubernetes-group-version-kind")
        .put("group", group)
        .put("kind", kind)
        .put("version", version);
    ArrayNode parameters = operation.putArray("parameters");
    if (!verb.equals("get") && !verb.equals("delete")) {
      for (String name : List.of("dryRun", "fieldManager", "fieldValidation")) {
        parameters
            .addObject()
            .put("name", name)
            .put("in", "query")
            .put("description", name)
            .set("schema", JSON.createObjectNode().put("type", "string"));
      }
    }
    if (verb.equals("patch")) {
      parameters
          .addObject()
          .put("name", "force")
          .put("in", "query")
          .put("description", "force")
          .set("schema", JSON.createObjectNode().put("type", "boolean"));
    }
    operation.putObject("responses").putObject("200").put("description", "OK");
    return operation;
  }

  private static ObjectNode field(String type, String description) {
    return JSON.createObjectNode().put("type", type).put("description", description);
  }

  /** datapipeline.io -> io.datapipeline, as kube-apiserver names CRD schemas. */
  private static String reverseDomain(String group) {
    List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts);
  }

  private static String hash(JsonNode document) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-512")
              .digest(JSON.writeValueAsString(document).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT).substring(0, 64);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
