package io.datapipeline.operator.aws;

import java.util.HashMap;
import java.util.Map;

/**
 * How many sessions are open per account and region key ({@code <region>/<account>}), so that the
 * last one closed is known in constant time. Not thread-safe: {@link SdkAwsSessions} calls it under
 * its lock.
 */
final class SessionCounts {

  private final Map<String, Integer> counts = new HashMap<>();

  /** One more session of {@code key} is open. */
  void opened(String key) {
    counts.merge(key, 1, Integer::sum);
  }

  /**
   * One session of {@code key} closed.
   *
   * @return whether it was the key's last open session
   * @throws IllegalStateException if no session of {@code key} was open (a release counted twice)
   */
  boolean closed(String key) {
    Integer open = counts.get(key);
    if (open == null) {
      throw new IllegalStateException("no open session of " + key + " to close");
    }
    if (open == 1) {
      counts.remove(key);
      return true;
    }
    counts.put(key, open - 1);
    return false;
  }

  /** Open sessions of {@code key}. */
  int open(String key) {
    return counts.getOrDefault(key, 0);
  }

  void clear() {
    counts.clear();
  }
}
