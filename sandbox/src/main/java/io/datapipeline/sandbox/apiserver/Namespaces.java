package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Namespaces as kube-apiserver keeps them: an object is created only in a namespace that exists and
 * is not terminating; a new namespace is {@code Active}; deleting one deletes what it holds
 * (finalizers included: a pipeline's namespace stays {@code Terminating} until the operator has
 * released the pipeline) and the namespace goes once it is empty.
 */
final class Namespaces {

  static final String COLLECTION = "/api/v1/namespaces";

  private final Function<String, JsonNode> store;
  private final Consumer<String> deleteFromStore;
  private final Consumer<ObjectNode> replaceInStore;
  private final List<String> namespacedCollections;
  private final Set<String> terminating = new HashSet<>();

  /**
   * @param namespacedCollections e.g. {@code /api/v1/secrets}, {@code
   *     /apis/datapipeline.io/v1alpha1/datapipelines}
   */
  Namespaces(
      Function<String, JsonNode> store,
      Consumer<String> deleteFromStore,
      Consumer<ObjectNode> replaceInStore,
      List<String> namespacedCollections) {
    this.store = store;
    this.deleteFromStore = deleteFromStore;
    this.replaceInStore = replaceInStore;
    this.namespacedCollections = List.copyOf(namespacedCollections);
  }

  /** A new namespace's spec and status, as the namespace controller sets them. */
  static void initialize(ObjectNode namespace) {
    namespace.with("spec").withArray("finalizers").removeAll().add("kubernetes");
    namespace.with("status").put("phase", "Active");
  }

  /** Why nothing may be created in a namespace now, if anything forbids it. */
  Optional<MockResponse> refuseNewContent(String namespace) {
    JsonNode found = find(namespace);
    if (found == null) {
      return Optional.of(ApiStatus.notFound("", "namespaces", namespace));
    }
    if (terminating.contains(namespace)) {
      return Optional.of(
          ApiStatus.forbidden(
              "unable to create new content in namespace "
                  + namespace
                  + " because it is being terminated"));
    }
    return Optional.empty();
  }

  /** Marks a namespace Terminating and deletes its contents; returns the namespace as it is. */
  JsonNode delete(String name) {
    ObjectNode marked = find(name).deepCopy();
    marked.with("status").put("phase", "Terminating");
    // The store removes an object marked for deletion without finalizers at once: the mark is
    // kept here, and in what the reply shows.
    replaceInStore.accept(marked.deepCopy());
    marked
        .with("metadata")
        .put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    terminating.add(name);
    for (String collection : namespacedCollections) {
      for (String object : objectPaths(collection, name)) {
        deleteFromStore.accept(object);
      }
    }
    finishTerminated();
    return marked;
  }

  /** Removes the terminating namespaces that have become empty. */
  void finishTerminated() {
    for (String name : Set.copyOf(terminating)) {
      boolean empty = namespacedCollections.stream().allMatch(c -> objectPaths(c, name).isEmpty());
      JsonNode namespace = find(name);
      if (namespace == null) {
        terminating.remove(name);
      } else if (empty) {
        deleteFromStore.accept(COLLECTION + "/" + name);
        terminating.remove(name);
      }
    }
  }

  private List<String> objectPaths(String collection, String namespace) {
    int slash = collection.lastIndexOf('/');
    String prefix = collection.substring(0, slash);
    String plural = collection.substring(slash + 1);
    String path = prefix + "/namespaces/" + namespace + "/" + plural;
    JsonNode list = store.apply(path);
    if (list == null) {
      return List.of();
    }
    List<String> paths = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      if (namespace.equals(item.path("metadata").path("namespace").asText())) {
        paths.add(path + "/" + item.path("metadata").path("name").asText());
      }
    }
    return paths;
  }

  /** The namespace, read by name: a list of all would make every create O(objects stored). */
  private JsonNode find(String name) {
    return store.apply(COLLECTION + "/" + name);
  }
}
