package io.datapipeline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adapts kubectl's requests to what the CRUD mock understands.
 *
 * <p>Writes: the mock takes {@code .../status?fieldManager=...} for the main resource (and so drops
 * the status), so the {@code fieldManager} and {@code fieldValidation} parameters, which the mock
 * ignores anyway, are removed before it sees the path.
 *
 * <p>Watches, which the CRUD mock cannot serve to kubectl: the mock streams watch events over
 * WebSockets (what fabric8 clients use), while kubectl ({@code wait}, {@code get -w}) sends a plain
 * GET with {@code watch=true} and reads a stream of JSON events.
 *
 * <p>Each such watch is answered with a short, finite stream: a {@code MODIFIED} event for every
 * object newer than the requested {@code resourceVersion}, or, when nothing changed, an empty
 * stream held open for {@link #IDLE_HOLD}. kubectl's reflector then watches again from the newest
 * version it saw, so it polls the store about every two seconds and sees every change. Deletions
 * are not streamed: use {@code kubectl delete --wait=false}. Every other request goes to the
 * delegate.
 */
final class KubectlCompatibilityDispatcher extends Dispatcher {

  /** Long enough that client-go does not treat the empty stream as a failed "very short watch". */
  static final Duration IDLE_HOLD = Duration.ofSeconds(2);

  private static final Set<String> WATCH_ONLY_PARAMETERS =
      Set.of(
          "watch",
          "resourceVersion",
          "resourceVersionMatch",
          "allowWatchBookmarks",
          "timeoutSeconds",
          "sendInitialEvents");

  private static final Set<String> WRITE_ONLY_PARAMETERS =
      Set.of("fieldManager", "fieldValidation");

  private final Dispatcher delegate;
  private final Map<String, String> kindsByPlural;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param kindsByPlural kind of each resource by its plural, e.g. datapipelines -> DataPipeline:
   *     the mock's lists carry no kind, watch events must
   */
  KubectlCompatibilityDispatcher(Dispatcher delegate, Map<String, String> kindsByPlural) {
    this.delegate = delegate;
    this.kindsByPlural = Map.copyOf(kindsByPlural);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (isWrite(request) && request.getPath().contains("?")) {
      request =
          new RecordedRequest(
              request.getHttpVersion(),
              request.method(),
              withoutParameters(request.getPath(), WRITE_ONLY_PARAMETERS),
              request.getHeaders(),
              request.getBody());
    }
    if (isJsonPatch(request)) {
      request = withStatusParent(request);
    }
    if (isWrite(request)) {
      return delegate.dispatch(request);
    }
    if (!isKubectlWatch(request)) {
      return delegate.dispatch(request);
    }
    Map<String, String> query = query(request.getPath());
    MockResponse list =
        delegate.dispatch(
            new RecordedRequest(
                request.getHttpVersion(),
                HttpMethod.GET,
                withoutParameters(request.getPath(), WATCH_ONLY_PARAMETERS),
                request.getHeaders(),
                new Buffer()));
    if (list.code() != 200) {
      return list;
    }
    try {
      JsonNode items = json.readTree(list.getBody().readUtf8());
      ResourceType type = resourceType(request.getPath());
      List<String> events = newerThan(items, type, version(query));
      MockResponse response =
          new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json");
      if (!events.isEmpty()) {
        return response.setBody(String.join("", events));
      }
      // The mock sends an empty body at once, ignoring the delay: hold a bookmark (or, when the
      // client takes none, a blank line the decoder skips) instead.
      String idle =
          "true".equals(query.get("allowWatchBookmarks"))
              ? bookmark(type, query.getOrDefault("resourceVersion", "0"))
              : "\n";
      return response.setBody(idle).setBodyDelay(IDLE_HOLD);
    } catch (IOException e) {
      return new MockResponse().setResponseCode(500).setBody(e.toString());
    }
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  private static boolean isKubectlWatch(RecordedRequest request) {
    if (!"GET".equalsIgnoreCase(request.getMethod()) || request.getHeader("Upgrade") != null) {
      return false;
    }
    String watch = query(request.getPath()).get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  private String bookmark(ResourceType type, String version) throws IOException {
    ObjectNode object = json.createObjectNode();
    object.put("kind", type.kind());
    object.put("apiVersion", type.apiVersion());
    object.putObject("metadata").put("resourceVersion", version);
    ObjectNode event = json.createObjectNode();
    event.put("type", "BOOKMARK");
    event.set("object", object);
    return json.writeValueAsString(event) + "\n";
  }

  /** The kind and apiVersion of the objects a path lists, read from the path itself. */
  record ResourceType(String apiVersion, String kind) {}

  ResourceType resourceType(String path) {
    int q = path.indexOf('?');
    String[] segments = (q < 0 ? path : path.substring(0, q)).split("/");
    // ["", "api", "v1", ...plural] or ["", "apis", group, version, ...plural]
    boolean core = segments.length > 2 && "api".equals(segments[1]);
    String apiVersion =
        core ? segments[2] : segments.length > 3 ? segments[2] + "/" + segments[3] : "";
    String plural = segments[segments.length - 1];
    return new ResourceType(apiVersion, kindsByPlural.getOrDefault(plural, ""));
  }

  private List<String> newerThan(JsonNode list, ResourceType type, long since) throws IOException {
    String kind = type.kind();
    List<String> events = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      long version = parseVersion(item.path("metadata").path("resourceVersion").asText("0"));
      if (version <= since) {
        continue;
      }
      ObjectNode object = (ObjectNode) item;
      if (!object.hasNonNull("kind") && !kind.isEmpty()) {
        object.put("kind", kind);
      }
      if (!object.hasNonNull("apiVersion")) {
        object.put("apiVersion", type.apiVersion());
      }
      ObjectNode event = json.createObjectNode();
      event.put("type", "MODIFIED");
      event.set("object", object);
      events.add(json.writeValueAsString(event) + "\n");
    }
    return events;
  }

  private static long version(Map<String, String> query) {
    return parseVersion(query.getOrDefault("resourceVersion", "0"));
  }

  private static long parseVersion(String version) {
    try {
      return version.isEmpty() ? 0 : Long.parseLong(version);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isJsonPatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    return "PATCH".equalsIgnoreCase(request.getMethod())
        && type != null
        && type.startsWith("application/json-patch+json");
  }

  /**
   * The mock stores {@code "status": null} on create (it keeps status to the subresource), so a
   * JSON Patch that adds {@code /status/...} to a new object fails with "Cannot reference past
   * scalar value"; a real API server has no status field there and the client's diff is right. Add
   * the empty parent first, as the API server effectively has it.
   */
  private RecordedRequest withStatusParent(RecordedRequest request) {
    try {
      JsonNode operations = json.readTree(request.getBody().getBytes());
      if (!operations.isArray()) {
        return request;
      }
      boolean touchesStatusChild = false;
      for (JsonNode operation : operations) {
        touchesStatusChild |= operation.path("path").asText().startsWith("/status/");
      }
      if (!touchesStatusChild) {
        return request;
      }
      String objectPath = request.getPath().replaceFirst("/status(\\?.*)?$", "");
      MockResponse current =
          delegate.dispatch(
              new RecordedRequest(
                  request.getHttpVersion(),
                  HttpMethod.GET,
                  objectPath,
                  request.getHeaders(),
                  new Buffer()));
      if (current.code() != 200) {
        return request;
      }
      JsonNode status = json.readTree(current.getBody().readUtf8()).get("status");
      if (status != null && status.isObject()) {
        return request;
      }
      com.fasterxml.jackson.databind.node.ArrayNode patched = json.createArrayNode();
      ObjectNode addParent = patched.addObject();
      addParent.put("op", "add");
      addParent.put("path", "/status");
      addParent.putObject("value");
      patched.addAll((com.fasterxml.jackson.databind.node.ArrayNode) operations);
      return new RecordedRequest(
          request.getHttpVersion(),
          request.method(),
          request.getPath(),
          request.getHeaders(),
          new Buffer(json.writeValueAsBytes(patched)));
    } catch (IOException e) {
      return request;
    }
  }

  private static boolean isWrite(RecordedRequest request) {
    String method = request.getMethod().toUpperCase(java.util.Locale.ROOT);
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
  }

  private static String withoutParameters(String path, Set<String> dropped) {
    int q = path.indexOf('?');
    String base = q < 0 ? path : path.substring(0, q);
    StringBuilder kept = new StringBuilder();
    for (String pair : q < 0 ? new String[0] : path.substring(q + 1).split("&")) {
      String name = pair.split("=", 2)[0];
      if (!pair.isEmpty() && !dropped.contains(name)) {
        kept.append(kept.length() == 0 ? "?" : "&").append(pair);
      }
    }
    return base + kept;
  }

  private static Map<String, String> query(String path) {
    Map<String, String> query = new LinkedHashMap<>();
    int q = path.indexOf('?');
    if (q < 0) {
      return query;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      String[] parts = pair.split("=", 2);
      query.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
    }
    return query;
  }
}
