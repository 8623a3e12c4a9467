package io.datapipeline.sandbox.apiserver;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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

  /** fabric8's {@link Value} for "any": it equals every value, so it is a candidate for all. */
  private static final String ANY = "*";

  private final LinkedHashMap<AttributeSet, String> objects = new LinkedHashMap<>();
  private final Map<AttributeSet, Long> insertedAt = new HashMap<>();
  private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

  /** Objects without a name attribute: never matched by a name, kept so that nothing is missed. */
  private final Set<AttributeSet> unnamed = new LinkedHashSet<>();

  private long insertions;

  @Override
  public synchronized String put(AttributeSet key, String value) {
    String previous = objects.put(key, value);
    if (previous == null && !insertedAt.containsKey(key)) {
      insertedAt.put(key, insertions++);
      names(key)
          .ifPresentOrElse(
              names ->
                  names.forEach(
                      n -> byName.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(key)),
              () -> unnamed.add(key));
    }
    return previous;
  }

  @Override
  public synchronized String remove(Object key) {
    if (!(key instanceof AttributeSet attributes) || !objects.containsKey(attributes)) {
      return null;
    }
    String previous = objects.remove(attributes);
    insertedAt.remove(attributes);
    names(attributes)
        .ifPresentOrElse(
            names ->
                names.forEach(
                    n -> {
                      Set<AttributeSet> named = byName.get(n);
                      named.remove(attributes);
                      if (named.isEmpty()) {
                        byName.remove(n);
                      }
                    }),
            () -> unnamed.remove(attributes));
    return previous;
  }

  @Override
  public synchronized void clear() {
    objects.clear();
    insertedAt.clear();
    byName.clear();
    unnamed.clear();
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
    List<AttributeSet> candidates = new ArrayList<>(byName.getOrDefault(value, Set.of()));
    candidates.addAll(byName.getOrDefault(ANY, Set.of()));
    candidates.addAll(unnamed);
    return Optional.of(
        candidates.stream()
            .distinct()
            .filter(candidate -> candidate.matches(query))
            .sorted(Comparator.comparingLong(insertedAt::get))
            .map(candidate -> Map.entry(candidate, objects.get(candidate)))
            .toList());
  }

  private static Optional<List<String>> names(AttributeSet attributes) {
    Attribute name = attributes.getAttribute(NAME);
    if (name == null) {
      return Optional.empty();
    }
    return Optional.of(name.getValues().stream().map(Value::toString).toList());
  }
}
