package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.StackDeletionStatus;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stack deletions the operator asked CloudFormation for and has not yet seen finish, with what
 * each was to keep and snapshot: once the stack is gone its Events {@code Retained} and {@code
 * FinalSnapshot} are told from this. Recorded in the pipeline's status ({@link #of}, {@link
 * #restore}) so an operator restarted in the middle of a delete still tells them.
 */
public final class PendingDeletions {

  /**
   * @param stackId the stack's id: a deleted stack's events are read by id
   * @param snapshotted logical id -> type of the databases the delete snapshots
   * @param retained logical id -> type of the resources the deployed template keeps (DeletionPolicy
   *     Retain); null when the template could not be read
   */
  record Deletion(String stackId, Map<String, String> snapshotted, Map<String, String> retained) {

    /** The template is known and keeps nothing: no resource can have been kept by policy. */
    boolean keepsNothing() {
      return retained != null && retained.isEmpty();
    }
  }

  private final Map<String, Deletion> deletions = new ConcurrentHashMap<>();

  /**
   * Stack ids (by uid/name) whose deletion this process saw finish, until the status no longer
   * lists them: a reconcile that still reads the status from before that patch must not take the
   * deletion up again and tell its Events twice.
   */
  private final Map<String, String> finished = new ConcurrentHashMap<>();

  Deletion get(String uid, String stackName) {
    return deletions.get(key(uid, stackName));
  }

  void started(String uid, String stackName, Deletion deletion) {
    deletions.put(key(uid, stackName), deletion);
  }

  /** The deletion of {@code stackName}, forgotten: null when none was recorded. */
  Deletion finished(String uid, String stackName) {
    Deletion deletion = deletions.remove(key(uid, stackName));
    if (deletion != null) {
      finished.put(key(uid, stackName), deletion.stackId());
    }
    return deletion;
  }

  /** {@code uid}'s deletions under way, for its status (sorted by stack name). */
  public List<StackDeletionStatus> of(String uid) {
    String prefix = uid + "/";
    return deletions.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> status(e.getKey().substring(prefix.length()), e.getValue()))
        .sorted(Comparator.comparing(s -> s.stackName))
        .toList();
  }

  private static StackDeletionStatus status(String stackName, Deletion d) {
    StackDeletionStatus s = new StackDeletionStatus();
    s.stackName = stackName;
    s.stackId = d.stackId();
    s.snapshotted = d.snapshotted().isEmpty() ? null : new LinkedHashMap<>(d.snapshotted());
    s.retained = d.retained() == null ? null : new LinkedHashMap<>(d.retained());
    return s;
  }

  /**
   * Takes up deletions recorded in {@code uid}'s status that this process does not know (it was
   * restarted); what it knows is newer and stays, and what it saw finish is not taken up again.
   * Entries without a stack name or id are ignored: their stack's Events cannot be told.
   */
  public void restore(String uid, List<StackDeletionStatus> recorded) {
    List<StackDeletionStatus> entries = recorded == null ? List.of() : recorded;
    // Finished deletions the status no longer lists are done with: the status has caught up.
    finished
        .entrySet()
        .removeIf(
            f ->
                f.getKey().startsWith(uid + "/")
                    && entries.stream()
                        .noneMatch(s -> s != null && f.getValue().equals(s.stackId)));
    for (StackDeletionStatus s : entries) {
      if (s == null
          || s.stackName == null
          || s.stackId == null
          || s.stackId.equals(finished.get(key(uid, s.stackName)))) {
        continue;
      }
      deletions.putIfAbsent(
          key(uid, s.stackName),
          new Deletion(
              s.stackId,
              s.snapshotted == null ? Map.of() : ordered(s.snapshotted),
              s.retained == null ? null : ordered(s.retained)));
    }
  }

  private static Map<String, String> ordered(Map<String, String> recorded) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(recorded));
  }

  private static String key(String uid, String stackName) {
    return uid + "/" + stackName;
  }
}
