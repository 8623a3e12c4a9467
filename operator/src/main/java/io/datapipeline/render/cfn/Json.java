package io.datapipeline.render.cfn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds the plain maps and lists a CloudFormation template is made of. Maps are sorted by key so
 * that serialisation is canonical; {@code null} values are dropped, so optional properties can be
 * passed unconditionally.
 */
public final class Json {

  private Json() {}

  /** An object from alternating keys and values; entries whose value is null are left out. */
  public static Map<String, Object> obj(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("obj() needs key/value pairs");
    }
    Map<String, Object> map = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = (String) Objects.requireNonNull(keysAndValues[i], "key");
      Object value = keysAndValues[i + 1];
      if (value != null) {
        if (map.put(key, value) != null) {
          throw new IllegalArgumentException("duplicate key " + key);
        }
      }
    }
    return map;
  }

  /** A list of the non-null elements. */
  public static List<Object> list(Object... elements) {
    List<Object> list = new ArrayList<>();
    Arrays.stream(elements).filter(Objects::nonNull).forEach(list::add);
    return list;
  }

  /** A list of every element of {@code elements}. */
  public static List<Object> listOf(List<?> elements) {
    return new ArrayList<>(elements);
  }
}
