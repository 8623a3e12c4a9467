package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.StackView;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a failed stack's events once per failure: the first failing resource of a stack that has
 * not changed since (same id, status and last update) is answered from memory, so a Stalled
 * pipeline reconciled every poll interval makes no DescribeStackEvents call per pass.
 */
final class FailureMemo {

  private static final int MAX_ENTRIES = 2_000;

  private final Map<String, Object> failures =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
              return size() > MAX_ENTRIES;
            }
          });

  /** {@link FailureReasons#firstFailure} for the stack as observed now. */
  String firstFailure(CloudFormationApi api, StackView stack) {
    return remember(
        "first", stack, () -> FailureReasons.firstFailure(api, stack.name(), stack.statusReason()));
  }

  /** What {@code read} finds in the stack's events, read once while the stack stays as it is. */
  @SuppressWarnings("unchecked")
  <T> T remember(String what, StackView stack, Supplier<T> read) {
    String key = what + "|" + stack.id() + "|" + stack.status() + "|" + stack.lastUpdated();
    Object known = failures.get(key);
    if (known != null) {
      return (T) known;
    }
    T found = read.get();
    failures.put(key, found);
    return found;
  }
}
