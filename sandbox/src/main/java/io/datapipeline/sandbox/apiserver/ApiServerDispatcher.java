package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's Kubernetes API server: fabric8's CRUD mock ({@link KubernetesCrudDispatcher}) is
 * the object store, and this class answers around it what kubectl, Argo CD and the operator expect
 * of kube-apiserver and the mock does not do.
 *
 * <ul>
 *   <li>writes: admission of custom resources ({@link CustomResourceAdmission}), server-side apply
 *       ({@link ServerSideApply}), merge, strategic-merge (as a merge) and JSON patches computed
 *       here and stored as a whole object, so that admission sees the result;
 *   <li>namespaces: objects only in namespaces that exist, namespaces created Active and deleted
 *       with their contents ({@link Namespaces});
 *   <li>self-access reviews answered as for cluster-admin ({@link AccessReviews});
 *   <li>reads: field selectors ({@link FieldSelector}), server-side tables ({@link
 *       TableConverter}), OpenAPI v3 ({@link OpenApiDocuments}), API discovery;
 *   <li>kubectl's HTTP watches, with deletions ({@link WatchStreams}, {@link Tombstones}).
 * </ul>
 *
 * The operator's fabric8 informers watch over WebSockets, which the store serves itself.
 */
public final class ApiServerDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServerDispatcher.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Parameters kube-apiserver takes on writes that the store would misread as part of the path. */
  private static final Set<String> WRITE_PARAMETERS =
      Set.of("fieldManager", "fieldValidation", "force", "dryRun", "propagationPolicy");

  private final KubernetesCrudDispatcher store = new IndexedObjectStore();
  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  private final MockDispatcher expected;
  private final Function<String, Optional<Object>> discovery;
  private final Map<String, String> kindsByPlural;
  private final Map<String, CustomResourceAdmission> admissions;
  private final OpenApiDocuments openApi;
  private final TableConverter tables;
  private final ServerSideApply serverSideApply = new ServerSideApply();
  private final Tombstones tombstones = new Tombstones();
  private final WatchStreams watches;
  private final Namespaces namespaces;
  private final ReentrantLock writes = new ReentrantLock();

  /**
   * @param expectations requests answered as registered ({@code server.expect()}), before anything
   * @param discovery the discovery document of a path ({@code /api}, {@code /apis/<group>/<v>})
   * @param kindsByPlural the kind of each served resource by its plural
   * @param namespacedCollections every namespaced collection by API prefix and plural, e.g. {@code
   *     /api/v1/secrets}: what a namespace's deletion removes
   * @param crds the custom resource definitions whose objects are admitted, printed and described
   */
  public ApiServerDispatcher(
      Map<ServerRequest, Queue<ServerResponse>> expectations,
      Function<String, Optional<Object>> discovery,
      Map<String, String> kindsByPlural,
      List<String> namespacedCollections,
      List<JsonNode> crds) {
    this.expectations = expectations;
    this.expected = new MockDispatcher(expectations);
    this.discovery = discovery;
    this.kindsByPlural = Map.copyOf(kindsByPlural);
    Map<String, CustomResourceAdmission> byPlural = new HashMap<>();
    for (JsonNode crd : crds) {
      byPlural.put(
          crd.path("spec").path("group").asText()
              + "/"
              + crd.path("spec").path("names").path("plural").asText(),
          new CustomResourceAdmission(crd));
    }
    this.admissions = Map.copyOf(byPlural);
    this.openApi = new OpenApiDocuments(crds);
    this.tables = new TableConverter(crds);
    this.watches = new WatchStreams(this::read, tombstones, this.kindsByPlural, tables);
    this.namespaces =
        new Namespaces(this::read, this::storeDelete, this::storeReplace, namespacedCollections);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response = answer(request);
    // The store sets no content type; client-go would then decode with the request's (protobuf).
    if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  private MockResponse answer(RecordedRequest request) {
    Queue<ServerResponse> queue =
        expectations.get(
            new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    if (queue != null && !queue.isEmpty()) {
      return expected.dispatch(request);
    }
    String path = request.getPath();
    String base = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (method.equals("GET")) {
      if (base.startsWith("/openapi/")) {
        return openApi.serve(base);
      }
      Optional<Object> document = discovery.apply(base);
      if (document.isPresent()) {
        return ApiStatus.json(200, document.get());
      }
    }
    if (method.equals("POST") && base.startsWith("/apis/authorization.k8s.io/")) {
      try {
        Optional<MockResponse> review = AccessReviews.answer(base, jsonBody(request));
        if (review.isPresent()) {
          return review.get();
        }
      } catch (BadRequest e) {
        return ApiStatus.badRequest(e.getMessage());
      }
    }
    Optional<ResourcePath> resource = ResourcePath.parse(path);
    if (resource.isEmpty()) {
      return store.dispatch(request);
    }
    ResourcePath target = resource.get();
    try {
      return switch (method) {
        case "GET" -> read(request, target);
        case "POST", "PUT", "PATCH", "DELETE" -> write(request, target, method);
        default -> store.dispatch(request);
      };
    } catch (BadRequest e) {
      return ApiStatus.badRequest(e.getMessage());
    } catch (RuntimeException e) {
      // An answer, never a hung client: kube-apiserver's reply to a bug is a 500 Status.
      LOG.warn("{} {} failed", method, path, e);
      return ApiStatus.internalError(e.toString());
    }
  }

  @Override
  public void shutdown() {
    store.shutdown();
  }

  // ---- reads

  private MockResponse read(RecordedRequest request, ResourcePath target) {
    boolean websocket = request.getHeader("Upgrade") != null;
    String watch = target.query().get("watch");
    if (("true".equals(watch) || "1".equals(watch)) && !websocket) {
      return watches.serve(target, accepts(request, "as=Table"));
    }
    if (websocket) {
      return store.dispatch(request);
    }
    MockResponse response = store.dispatch(get(storePath(request.getPath())));
    if (response.code() == 404 && !target.isCollection()) {
      return ApiStatus.notFound(target.group(), target.plural(), target.name());
    }
    if (response.code() != 200) {
      return response;
    }
    JsonNode body = parse(response.getBody().readUtf8());
    if (target.isCollection()) {
      body = completeList((ObjectNode) body, target);
    }
    if (accepts(request, "as=Table")) {
      return ApiStatus.json(200, tables.table(target, body, target.query().get("includeObject")));
    }
    return ApiStatus.json(200, body);
  }

  /** A list as kube-apiserver returns it: kind and apiVersion set, field selector applied. */
  private ObjectNode completeList(ObjectNode list, ResourcePath target) {
    String kind = kindsByPlural.getOrDefault(target.plural(), "");
    FieldSelector selector = FieldSelector.parse(target.query().get("fieldSelector"));
    ArrayNode kept = JSON.createArrayNode();
    for (JsonNode item : list.path("items")) {
      ObjectNode object = (ObjectNode) item;
      if (!object.hasNonNull("kind") && !kind.isEmpty()) {
        object.put("kind", kind);
      }
      if (!object.hasNonNull("apiVersion")) {
        object.put("apiVersion", target.apiVersion());
      }
      if (selector.matches(object)) {
        kept.add(object);
      }
    }
    list.put("kind", kind + "List");
    list.put("apiVersion", target.apiVersion());
    list.set("items", kept);
    return list;
  }

  /** What the store holds at a path: the object or list, or null when there is none. */
  JsonNode read(String path) {
    MockResponse response = store.dispatch(get(path));
    if (response.code() != 200) {
      return null;
    }
    return parse(response.getBody().readUtf8());
  }

  // ---- writes

  private MockResponse write(RecordedRequest request, ResourcePath target, String method) {
    writes.lock();
    try {
      MockResponse response =
          switch (method) {
            case "POST" -> create(request, target);
            case "PUT" -> replace(target, body(request), target.query().get("fieldValidation"));
            case "PATCH" -> patch(request, target);
            default -> delete(request, target);
          };
      namespaces.finishTerminated();
      return response;
    } finally {
      writes.unlock();
    }
  }

  private MockResponse create(RecordedRequest request, ResourcePath target) {
    ObjectNode object;
    if (isProtobuf(request)) {
      Optional<ObjectNode> decoded = ProtobufObjects.read(request.getBody().getBytes());
      if (decoded.isEmpty()) {
        return ApiStatus.unsupportedMediaType(request.getHeader("Content-Type"));
      }
      object = decoded.get();
    } else {
      object = body(request);
    }
    String name = object.path("metadata").path("name").asText();
    return createObject(target.withName(name.isEmpty() ? null : name), object, target.query());
  }

  private MockResponse createObject(
      ResourcePath target, ObjectNode object, Map<String, String> query) {
    String namespace = target.namespace();
    if (namespace != null) {
      Optional<MockResponse> refused = namespaces.refuseNewContent(namespace);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    if (target.plural().equals("namespaces") && target.group().isEmpty()) {
      Namespaces.initialize(object);
    }
    CustomResourceAdmission admission = admissions.get(target.group() + "/" + target.plural());
    List<String> warnings = List.of();
    if (admission != null) {
      var decision = admission.admit(object, Optional.empty(), query.get("fieldValidation"));
      if (decision instanceof CustomResourceAdmission.Rejected rejected) {
        return rejected.response();
      }
      var admitted = (CustomResourceAdmission.Admitted) decision;
      object = admitted.object();
      warnings = admitted.warnings();
    }
    MockResponse response = store.dispatch(send(HttpMethod.POST, target.collectionPath(), object));
    return withWarnings(response, warnings);
  }

  private MockResponse replace(ResourcePath target, ObjectNode object, String fieldValidation) {
    if (target.isCollection()) {
      throw new BadRequest("a PUT needs an object's path, not a collection's");
    }
    JsonNode current = read(target.objectPath());
    if (current == null) {
      return ApiStatus.notFound(target.group(), target.plural(), target.name());
    }
    List<String> warnings = List.of();
    CustomResourceAdmission admission = admissions.get(target.group() + "/" + target.plural());
    if (admission != null && !target.isStatus()) {
      var decision = admission.admit(object, Optional.of(current), fieldValidation);
      if (decision instanceof CustomResourceAdmission.Rejected rejected) {
        return rejected.response();
      }
      var admitted = (CustomResourceAdmission.Admitted) decision;
      object = admitted.object();
      warnings = admitted.warnings();
    }
    String path = target.isStatus() ? target.objectPath() + "/status" : target.objectPath();
    MockResponse response = store.dispatch(send(HttpMethod.PUT, path, object));
    recordIfRemoved(target, current);
    return withWarnings(response, warnings);
  }

  private MockResponse patch(RecordedRequest request, ResourcePath target) {
    String type = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
    JsonNode current = read(target.objectPath());
    if (type.startsWith("application/apply-patch")) {
      String manager = target.query().get("fieldManager");
      if (manager == null || manager.isEmpty()) {
        throw new BadRequest("PATCH /apply: fieldManager is required for apply requests");
      }
      ObjectNode applied = yamlBody(request);
      ObjectNode result =
          serverSideApply.apply(
              key(target), (ObjectNode) current, applied, manager, target.isStatus());
      if (current == null) {
        if (target.isStatus()) {
          return ApiStatus.notFound(target.group(), target.plural(), target.name());
        }
        return createObject(target, result, target.query());
      }
      keepResourceVersion(result, current, applied);
      return replace(target, result, target.query().get("fieldValidation"));
    }
    if (current == null) {
      return ApiStatus.notFound(target.group(), target.plural(), target.name());
    }
    JsonNode patch = jsonBody(request);
    JsonNode result;
    if (type.startsWith("application/json-patch+json")) {
      result = JsonPatch.apply(withStatusParent(patch, current), current);
    } else if (type.startsWith("application/merge-patch+json")
        || type.startsWith("application/strategic-merge-patch+json")) {
      // Custom resources take merge patches only; for built-in kinds a strategic merge is treated
      // as a merge (lists replaced rather than merged by key).
      result = MergePatch.apply(current, patch);
    } else {
      return ApiStatus.unsupportedMediaType(type);
    }
    if (!(result instanceof ObjectNode object)) {
      throw new BadRequest("the patch does not leave an object");
    }
    keepResourceVersion(object, current, patch);
    return replace(target, object, target.query().get("fieldValidation"));
  }

  private MockResponse delete(RecordedRequest request, ResourcePath target) {
    if (target.isCollection()) {
      return store.dispatch(request);
    }
    JsonNode current = read(target.objectPath());
    if (current == null) {
      return ApiStatus.notFound(target.group(), target.plural(), target.name());
    }
    if (target.plural().equals("namespaces") && target.group().isEmpty()) {
      return ApiStatus.json(200, namespaces.delete(target.name()));
    }
    storeDelete(target.objectPath());
    JsonNode after = recordIfRemoved(target, current);
    return ApiStatus.json(200, after == null ? current : after);
  }

  private void storeReplace(ObjectNode object) {
    String path = Namespaces.COLLECTION + "/" + object.path("metadata").path("name").asText();
    store.dispatch(send(HttpMethod.PUT, path, object));
  }

  private void storeDelete(String objectPath) {
    JsonNode current = read(objectPath);
    store.dispatch(send(HttpMethod.DELETE, objectPath, null));
    if (current != null) {
      ResourcePath.parse(objectPath).ifPresent(path -> recordIfRemoved(path, current));
    }
  }

  /** Once an object is gone from the store, kubectl's watches must see its deletion. */
  private JsonNode recordIfRemoved(ResourcePath target, JsonNode before) {
    JsonNode after = read(target.objectPath());
    if (after == null) {
      recordRemoval(target, before);
    }
    return after;
  }

  private void recordRemoval(ResourcePath target, JsonNode before) {
    ObjectNode last = before.deepCopy();
    long version = store.requestResourceVersion();
    ObjectNode metadata = (ObjectNode) last.path("metadata");
    metadata.put("resourceVersion", String.valueOf(version));
    if (!metadata.has("deletionTimestamp")) {
      metadata.put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
    if (!last.hasNonNull("kind")) {
      last.put("kind", kindsByPlural.getOrDefault(target.plural(), ""));
    }
    if (!last.hasNonNull("apiVersion")) {
      last.put("apiVersion", target.apiVersion());
    }
    tombstones.add(target.group() + "/" + target.plural(), version, last);
    serverSideApply.forget(key(target));
  }

  /**
   * A write carries the resourceVersion it was based on when the client sent one (optimistic
   * concurrency); patches without one apply to whatever is stored.
   */
  private static void keepResourceVersion(ObjectNode result, JsonNode current, JsonNode sent) {
    String sentVersion = sent.path("metadata").path("resourceVersion").asText("");
    ((ObjectNode) result.with("metadata"))
        .put(
            "resourceVersion",
            sentVersion.isEmpty()
                ? current.path("metadata").path("resourceVersion").asText()
                : sentVersion);
  }

  /**
   * The store may hold {@code "status": null} for a new object, so a JSON Patch adding {@code
   * /status/...} fails with "Cannot reference past scalar value"; a real API server has no status
   * there and the client's diff is right. Add the empty parent first.
   */
  private static JsonNode withStatusParent(JsonNode operations, JsonNode current) {
    if (!operations.isArray() || current.path("status").isObject()) {
      return operations;
    }
    boolean touchesStatusChild = false;
    for (JsonNode operation : operations) {
      touchesStatusChild |= operation.path("path").asText().startsWith("/status/");
    }
    if (!touchesStatusChild) {
      return operations;
    }
    ArrayNode patched = JSON.createArrayNode();
    ObjectNode addParent = patched.addObject();
    addParent.put("op", "add");
    addParent.put("path", "/status");
    addParent.putObject("value");
    patched.addAll((ArrayNode) operations);
    return patched;
  }

  private static String key(ResourcePath target) {
    return target.group() + "/" + target.plural() + "/" + target.namespace() + "/" + target.name();
  }

  private static MockResponse withWarnings(MockResponse response, List<String> warnings) {
    for (String warning : warnings) {
      response.addHeader(
          "Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return response;
  }

  private static boolean accepts(RecordedRequest request, String what) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains(what);
  }

  private static boolean isProtobuf(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    return type != null && type.contains("protobuf");
  }

  private static String storePath(String path) {
    return ResourcePath.withoutParameters(path, Set.of("fieldSelector", "includeObject"));
  }

  private static RecordedRequest get(String path) {
    return send(HttpMethod.GET, path, null);
  }

  private static RecordedRequest send(HttpMethod method, String path, JsonNode body) {
    try {
      Buffer buffer = body == null ? new Buffer() : new Buffer(JSON.writeValueAsBytes(body));
      return new RecordedRequest(
          "HTTP/1.1",
          method,
          ResourcePath.withoutParameters(path, WRITE_PARAMETERS),
          Headers.builder().add("Content-Type", "application/json").build(),
          buffer);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode body(RecordedRequest request) {
    JsonNode node = jsonBody(request);
    if (!(node instanceof ObjectNode object)) {
      throw new BadRequest("the request body is not an object");
    }
    return object;
  }

  private static JsonNode jsonBody(RecordedRequest request) {
    return parse(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
  }

  private static ObjectNode yamlBody(RecordedRequest request) {
    try {
      JsonNode node = YAML.readTree(request.getBody().getBytes());
      if (!(node instanceof ObjectNode object)) {
        throw new BadRequest("the apply configuration is not an object");
      }
      return object;
    } catch (IOException e) {
      throw new BadRequest("the apply configuration is not YAML: " + e.getMessage());
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new BadRequest("the body is not JSON: " + e.getMessage());
    }
  }

  /** A request kube-apiserver would answer with 400. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
