package io.datapipeline.sandbox.apiserver;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CRUD store's map of stored objects (their attributes to their JSON), in insertion order as
 * the store's own, with an index of the objects by the values of their {@code name} attribute.
 *
 * <p>Every mutation goes through {@link #put}, {@link #remove} or {@link #clear}, which keep the
 * index; the entry view is read-only, so a mutation the index would miss fails instead of leaving
 * the index stale.
 */
final class NameIndexedObjects extends AbstractMap<AttributeSet, String> {

  static final String NAME = "name";

  /**
   * fabric8's {@link Value} for "any": it equals every value, so a query for it names no one object
   * (Kubernetes names cannot be "*").
   */
  private static final String ANY = "*";

  private final LinkedHashMap<AttributeSet, String> objects = new LinkedHashMap<>();

  /**
   * Each name's objects, in insertion order as {@link #objects}. An object without a name attribute
   * is in none: a query by name (its attribute required, {@code AttributeSet.matches}) never
   * matches it.
   */
  private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

  @Override
  public synchronized String put(AttributeSet key, String value) {
    String previous = objects.put(key, value);
    if (previous == null) {
      names(key).forEach(n -> byName.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(key));
    }
    return previous;
  }

  @Override
  public synchronized String remove(Object key) {
    if (!(key instanceof AttributeSet attributes) || !objects.containsKey(attributes)) {
      return null;
    }
    for (String name : names(attributes)) {
      Set<AttributeSet> named = byName.get(name);
      named.remove(attributes);
      if (named.isEmpty()) {
        byName.remove(name);
      }
    }
    return objects.remove(attributes);
  }

  @Override
  public synchronized void clear() {
    objects.clear();
    byName.clear();
  }

  @Override
  public synchronized String get(Object key) {
    return objects.get(key);
  }

  @Override
  public synchronized boolean containsKey(Object key) {
    return objects.containsKey(key);
  }

  @Override
  public synchronized int size() {
    return objects.size();
  }

  @Override
  public Set<Entry<AttributeSet, String>> entrySet() {
    return Collections.unmodifiableSet(objects.entrySet());
  }

  /**
   * The stored objects that {@code query} matches, in insertion order, when the query names one
   * object ({@code name} equal to one value, not "any"); empty when it does not, and the caller
   * scans as the store does.
   */
  synchronized Optional<List<Entry<AttributeSet, String>>> named(AttributeSet query) {
    Attribute name = query.getAttribute(NAME);
    if (name == null || name.getType() != AttributeType.WITH || name.getValues().size() != 1) {
      return Optional.empty();
    }
    String value = name.getValues().get(0).toString();
    if (value.equals(ANY)) {
      return Optional.empty();
    }
    return Optional.of(
        byName.getOrDefault(value, Set.of()).stream()
            .filter(candidate -> candidate.matches(query))
            .map(candidate -> Map.entry(candidate, objects.get(candidate)))
            .toList());
  }

  private static List<String> names(AttributeSet attributes) {
    Attribute name = attributes.getAttribute(NAME);
    return name == null ? List.of() : name.getValues().stream().map(Value::toString).toList();
  }
}
