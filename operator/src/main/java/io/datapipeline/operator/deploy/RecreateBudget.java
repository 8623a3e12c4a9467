package io.datapipeline.operator.deploy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds how often a stack whose first create failed (ROLLBACK_COMPLETE) is deleted and created
 * again for the same generation: a template that cannot deploy must end in Stalled, not in a loop.
 * The same bound serves other repairs per stack and generation (ContinueUpdateRollback, re-made
 * change sets) under their own key. A new generation (the tenant changed the spec) starts a new
 * budget. Kept in memory: an operator restart grants a fresh budget, which stays bounded per
 * operator process.
 */
public final class RecreateBudget {

  private final int maxAttempts;
  private final Map<String, Integer> used = new ConcurrentHashMap<>();

  public RecreateBudget(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /** Takes one attempt for the stack at this generation; false once the budget is spent. */
  public boolean tryAcquire(String stackName, String uid, long generation) {
    String key = uid + "/" + stackName + "/" + generation;
    int attempts = used.merge(key, 1, Integer::sum);
    return attempts <= maxAttempts;
  }

  /** Attempts used so far for this stack at this generation. */
  public int used(String stackName, String uid, long generation) {
    return Math.min(used.getOrDefault(uid + "/" + stackName + "/" + generation, 0), maxAttempts);
  }

  public int maxAttempts() {
    return maxAttempts;
  }
}
