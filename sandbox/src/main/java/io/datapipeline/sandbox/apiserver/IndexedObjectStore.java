package io.datapipeline.sandbox.apiserver;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * fabric8's CRUD store ({@link KubernetesCrudDispatcher}) with its objects indexed by name.
 *
 * <p>The store finds an object by testing every stored object's attributes against the request's,
 * and copies its whole map for every GET, so each read or write of one object costs O(objects). At
 * 10,000 pipelines (each with its Events and Secret) that scan, not the operator, bounded {@code
 * bench/operator-scale.sh}: a flight recording of the sandbox 5 minutes into a 10,000-pipeline run
 * (1,488 applied, about 5 a second and slowing) had 7 of 12 k samples in {@code
 * AttributeSet.matches} and the map's copy. Here a read or write that names one object ({@code
 * .../<plural>/<name>}, and the store's own lookups for POST, PUT and PATCH) tests only the stored
 * objects of that name; the matching and the answers are the store's ({@code
 * IndexedObjectStoreTest} replays the same requests against both). Lists, watches, deletes and
 * queries by anything but one name go to the store unchanged.
 *
 * <p>The store keeps its map in a final field of {@link CrudDispatcher} and guards it with a
 * private lock; both are reached by reflection, checked once at construction, so a fabric8 upgrade
 * that moves them fails the sandbox at start rather than leaving the index stale.
 */
final class IndexedObjectStore extends KubernetesCrudDispatcher {

  private final NameIndexedObjects objects = new NameIndexedObjects();
  private final ReadWriteLock lock;

  IndexedObjectStore() {
    if (!map.isEmpty()) {
      throw new IllegalStateException("fabric8's CRUD store started with objects");
    }
    setField(CrudDispatcher.class, "map", objects);
    this.lock = (ReadWriteLock) getField(KubernetesCrudDispatcher.class, "lock");
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    Optional<List<Map.Entry<AttributeSet, String>>> named = objects.named(query);
    if (named.isEmpty()) {
      return super.findResource(query);
    }
    return named.get().isEmpty() ? null : named.get().get(0);
  }

  @Override
  public MockResponse handleGet(String path) {
    if (path.contains("watch=")) {
      return super.handleGet(path);
    }
    AttributeSet query = attributeExtractor.fromPath(path);
    Optional<List<Map.Entry<AttributeSet, String>>> named;
    Lock read = lock.readLock();
    read.lock();
    try {
      named = objects.named(query);
    } finally {
      read.unlock();
    }
    if (named.isEmpty()) {
      return super.handleGet(path);
    }
    // As the store answers a query by name: the first match, or 404.
    MockResponse response = new MockResponse();
    if (named.get().isEmpty()) {
      return response.setResponseCode(404);
    }
    return response.setBody(named.get().get(0).getValue()).setResponseCode(200);
  }

  private void setField(Class<?> owner, String name, Object value) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      field.set(this, value);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "fabric8's CRUD store has no field " + owner.getSimpleName() + "." + name + " to index",
          e);
    }
    if (map != objects) {
      throw new IllegalStateException("fabric8's CRUD store did not take the indexed map");
    }
  }

  private Object getField(Class<?> owner, String name) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      return field.get(this);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "fabric8's CRUD store has no field " + owner.getSimpleName() + "." + name, e);
    }
  }
}
