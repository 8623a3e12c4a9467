package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The objects removed from the store recently, each with the resource version of its removal, so
 * that kubectl's watches (which the sandbox answers by polling the store) can deliver {@code
 * DELETED} events. Kept for a few minutes, as long as a client may reasonably resume a watch.
 */
final class Tombstones {

  static final Duration KEPT = Duration.ofMinutes(10);

  record Tombstone(String collectionKey, long resourceVersion, JsonNode lastState, Instant at) {}

  private final Deque<Tombstone> recent = new ArrayDeque<>();

  synchronized void add(String collectionKey, long resourceVersion, JsonNode lastState) {
    Instant now = Instant.now();
    while (!recent.isEmpty() && recent.peekFirst().at().isBefore(now.minus(KEPT))) {
      recent.removeFirst();
    }
    recent.addLast(new Tombstone(collectionKey, resourceVersion, lastState, now));
  }

  /** Removals in a collection (namespace-qualified key, or a plural across namespaces) since. */
  synchronized List<Tombstone> since(String plural, String namespace, long resourceVersion) {
    return recent.stream()
        .filter(t -> t.resourceVersion() > resourceVersion)
        .filter(t -> t.collectionKey().equals(plural))
        .filter(
            t ->
                namespace == null
                    || namespace.equals(t.lastState().path("metadata").path("namespace").asText()))
        .toList();
  }
}
