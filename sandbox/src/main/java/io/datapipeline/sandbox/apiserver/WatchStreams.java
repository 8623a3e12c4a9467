package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * kubectl's watches ({@code wait}, {@code get -w}, {@code delete}'s wait): a plain GET with {@code
 * watch=true} that reads a stream of JSON events, which the CRUD store cannot serve (it streams
 * over WebSockets only, what fabric8 clients use).
 *
 * <p>Each watch is answered with a short, finite stream: a {@code MODIFIED} event for every object
 * newer than the requested {@code resourceVersion} and a {@code DELETED} event for every object
 * removed since ({@link Tombstones}), in resource-version order; when nothing changed, an empty
 * stream held open for {@link #IDLE_HOLD}. kubectl's reflector then watches again from the newest
 * version it saw, so it polls the store about every two seconds and sees every change.
 */
final class WatchStreams {

  /** Long enough that client-go does not treat the empty stream as a failed "very short watch". */
  static final Duration IDLE_HOLD = Duration.ofSeconds(2);

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Event(String type, long resourceVersion, ObjectNode object) {}

  private final Function<String, JsonNode> store;
  private final Tombstones tombstones;
  private final Map<String, String> kindsByPlural;
  private final TableConverter tables;

  WatchStreams(
      Function<String, JsonNode> store,
      Tombstones tombstones,
      Map<String, String> kindsByPlural,
      TableConverter tables) {
    this.store = store;
    this.tombstones = tombstones;
    this.kindsByPlural = kindsByPlural;
    this.tables = tables;
  }

  MockResponse serve(ResourcePath target, boolean asTable) {
    long since = version(target.query().getOrDefault("resourceVersion", "0"));
    FieldSelector selector = FieldSelector.parse(target.query().get("fieldSelector"));
    if (!target.isCollection()) {
      selector = FieldSelector.parse("metadata.name=" + target.name());
    }
    JsonNode list = store.apply(target.collectionPath());
    if (list == null) {
      return ApiStatus.notFound(target.group(), target.plural(), "");
    }
    String kind = kindsByPlural.getOrDefault(target.plural(), "");
    List<Event> events = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      long version = version(item.path("metadata").path("resourceVersion").asText("0"));
      ObjectNode object = (ObjectNode) item;
      if (version > since && selector.matches(object)) {
        events.add(new Event("MODIFIED", version, typed(object, kind, target)));
      }
    }
    for (Tombstones.Tombstone removed :
        tombstones.since(target.group() + "/" + target.plural(), target.namespace(), since)) {
      ObjectNode object = (ObjectNode) removed.lastState().deepCopy();
      if (selector.matches(object)) {
        events.add(new Event("DELETED", removed.resourceVersion(), object));
      }
    }
    events.sort(Comparator.comparingLong(Event::resourceVersion));
    MockResponse response =
        new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json");
    try {
      if (!events.isEmpty()) {
        StringBuilder stream = new StringBuilder();
        for (Event event : events) {
          ObjectNode line = JSON.createObjectNode();
          line.put("type", event.type());
          line.set(
              "object", asTable ? tables.table(target, event.object(), "Object") : event.object());
          stream.append(JSON.writeValueAsString(line)).append('\n');
        }
        return response.setBody(stream.toString());
      }
      // The store would send an empty body at once, ignoring a delay: hold a bookmark (or, when
      // the client takes none, a blank line the decoder skips) instead.
      String idle =
          "true".equals(target.query().get("allowWatchBookmarks"))
              ? bookmark(kind, target, target.query().getOrDefault("resourceVersion", "0"))
              : "\n";
      return response.setBody(idle).setBodyDelay(IDLE_HOLD);
    } catch (IOException e) {
      return new MockResponse().setResponseCode(500).setBody(e.toString());
    }
  }

  private static ObjectNode typed(ObjectNode object, String kind, ResourcePath target) {
    if (!object.hasNonNull("kind") && !kind.isEmpty()) {
      object.put("kind", kind);
    }
    if (!object.hasNonNull("apiVersion")) {
      object.put("apiVersion", target.apiVersion());
    }
    return object;
  }

  private static String bookmark(String kind, ResourcePath target, String version)
      throws IOException {
    ObjectNode object = JSON.createObjectNode();
    object.put("kind", kind);
    object.put("apiVersion", target.apiVersion());
    object.putObject("metadata").put("resourceVersion", version);
    ObjectNode event = JSON.createObjectNode();
    event.put("type", "BOOKMARK");
    event.set("object", object);
    return JSON.writeValueAsString(event) + "\n";
  }

  private static long version(String version) {
    try {
      return version.isEmpty() ? 0 : Long.parseLong(version);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
