package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.AwsSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deletes one stack of a pipeline, one step per call, with the same care whether the whole pipeline
 * is being deleted or only a component left its plan: never a stack another pipeline owns, never
 * while CloudFormation works on it. A DELETE_FAILED stack is judged by why its resources failed
 * ({@link FailureReasons}): transient failures are retried with backoff within a budget ({@link
 * DeleteRetries}); only once the budget is spent is a failing resource retained, each named in a
 * Warning Event and remembered as left behind. Resources the templates' deletion policies keep are
 * named, with their ARN, in an Event {@code Retained} once the stack is gone.
 */
public final class StackRemover {

  /** Where the stack stands after the step. */
  public enum State {
    /** It does not exist (any more). */
    GONE,
    /** It exists but is not ours (no or another pipeline's uid tag): left alone. */
    NOT_OURS,
    /** Being deleted (or waiting for the next attempt): look again later. */
    DELETING
  }

  /**
   * @param stack the stack as last observed, null when gone
   */
  public record Step(State state, StackView stack, String message) {}

  private final DeleteRetries retries;

  /** Stacks we asked CloudFormation to delete (persisted in the pipelines' status). */
  private final PendingDeletions deletions = new PendingDeletions();

  private final DeletionPreparation preparation = new DeletionPreparation();

  /** Resources retained after their budget ran out, by pipeline uid, until its deletion ends. */
  private final Map<String, List<String>> leftBehind = new ConcurrentHashMap<>();

  public StackRemover() {
    this(DeleteRetries.standard(Clock.systemUTC()));
  }

  public StackRemover(DeleteRetries retries) {
    this.retries = retries;
  }

  /** One step towards {@code stackName} being gone. */
  public Step step(PipelineRef pipeline, String stackName, AwsSession aws, List<Notice> notices) {
    Optional<StackView> found = aws.stacks().stack(stackName);
    if (found.isEmpty()) {
      // Known from this process or, after a restart, from the status: told once either way.
      PendingDeletions.Deletion deleted = deletions.finished(pipeline.uid(), stackName);
      if (deleted != null) {
        retries.forget(pipeline.uid(), stackName);
        reportRetained(pipeline, stackName, deleted, aws.cloudFormation(), notices);
        FinalSnapshots.report(stackName, deleted.stackId(), deleted.snapshotted(), aws, notices);
      }
      return new Step(State.GONE, null, stackName + " is deleted");
    }
    StackView stack = found.get();
    if (!pipeline.uid().equals(stack.tags().get(PipelineRef.UID_TAG))) {
      return new Step(State.NOT_OURS, stack, stackName + " belongs to someone else");
    }
    if (StackStates.inProgress(stack.status())) {
      return new Step(State.DELETING, stack, stackName + " is " + stack.status());
    }
    Set<String> retain = Set.of();
    PendingDeletions.Deletion before = deletions.get(pipeline.uid(), stackName);
    // A later attempt (a retry after DELETE_FAILED, or a DeleteStack whose reply was lost) keeps
    // what the first one read from the deployed template: that template may be gone by now.
    Map<String, String> snapshotted = before == null ? Map.of() : before.snapshotted();
    Map<String, String> retained = before == null ? null : before.retained();
    if (StackStates.DELETE_FAILED.equals(stack.status())) {
      Optional<Set<String>> decided = afterFailure(pipeline, stack, aws.cloudFormation(), notices);
      if (decided.isEmpty()) {
        return new Step(
            State.DELETING,
            stack,
            stackName
                + " is DELETE_FAILED; next attempt in "
                + retries.untilNext(pipeline.uid(), stackName).toSeconds()
                + " s");
      }
      retain = decided.get();
    } else {
      DeletionPreparation.Readiness readiness = preparation.step(pipeline, stack, aws, notices);
      if (!readiness.ready()) {
        return new Step(State.DELETING, stack, readiness.waiting());
      }
      if (readiness.retained() != null) { // the deployed template was read
        snapshotted = readiness.snapshotted();
        retained = readiness.retained();
      }
      notices.add(Notice.normal(Reason.STACK_DELETING, "deleting stack " + stackName));
    }
    // Recorded before the call: a DeleteStack that CloudFormation carries out but whose reply is
    // lost (a timeout on a busy endpoint) still has its Events told once the stack is gone.
    deletions.started(
        pipeline.uid(),
        stackName,
        new PendingDeletions.Deletion(stack.id(), snapshotted, retained));
    aws.cloudFormation().deleteStack(stackName, retain, pipeline.cloudFormationRoleArn());
    aws.stacks().changed(stackName);
    return new Step(State.DELETING, stack, "deleting " + stackName);
  }

  /**
   * Resources of {@code uid}'s stacks retained because they kept failing to delete, as "stack:
   * Logical (Type): reason"; cleared by {@link #forget}.
   */
  public List<String> leftBehind(String uid) {
    return List.copyOf(leftBehind.getOrDefault(uid, List.of()));
  }

  public void forget(String uid) {
    leftBehind.remove(uid);
  }

  /**
   * The stack is gone and about to be created again (a failed create's recreate): its deletion's
   * budget and memory are done with.
   */
  public void forgetDeletion(PipelineRef pipeline, String stackName) {
    deletions.finished(pipeline.uid(), stackName);
    retries.forget(pipeline.uid(), stackName);
  }

  /** The retry budgets of failed deletions (persisted in the pipelines' status). */
  public DeleteRetries retries() {
    return retries;
  }

  /** The deletions under way (persisted in the pipelines' status). */
  public PendingDeletions deletions() {
    return deletions;
  }

  /** What to retain on the next attempt, or empty to wait for it. */
  private Optional<Set<String>> afterFailure(
      PipelineRef pipeline, StackView stack, CloudFormationApi cfn, List<Notice> notices) {
    String stackName = stack.name();
    List<FailureReasons.FailedDeletion> failed =
        FailureReasons.failedDeletionsWithReasons(cfn, stackName);
    boolean allTransient = failed.stream().allMatch(FailureReasons.FailedDeletion::isTransient);
    DeleteRetries.Decision decision = retries.decide(pipeline.uid(), stackName, allTransient);
    switch (decision) {
      case WAIT -> {
        return Optional.empty();
      }
      case RETRY -> {
        notices.add(
            Notice.warning(
                Reason.RETRYING_DELETE,
                "deleting "
                    + stackName
                    + " again (attempt "
                    + retries.used(pipeline.uid(), stackName)
                    + " of "
                    + retries.limit(allTransient)
                    + (allTransient ? ", the failure looks transient" : "")
                    + "): "
                    + failed));
        return Optional.of(Set.of());
      }
      default -> {
        Set<String> retain = new LinkedHashSet<>();
        List<String> kept = leftBehind.computeIfAbsent(pipeline.uid(), k -> new ArrayList<>());
        for (FailureReasons.FailedDeletion f : failed) {
          retain.add(f.logicalId());
          kept.add(stackName + ": " + f);
          notices.add(
              Notice.warning(
                  Reason.RESOURCE_RETAINED,
                  stackName
                      + ": "
                      + f.logicalId()
                      + " ("
                      + f.type()
                      + ") kept in AWS after "
                      + retries.used(pipeline.uid(), stackName)
                      + " more failed attempts; delete it by hand: "
                      + f.reason()));
        }
        return Optional.of(retain);
      }
    }
  }

  /**
   * Names, once the stack is gone, the resources its deletion policies kept. A template known to
   * keep nothing is not asked about: there is nothing to name, and no claim to make when the events
   * of a deleted stack cannot be read (moto forgets them).
   */
  private void reportRetained(
      PipelineRef pipeline,
      String stackName,
      PendingDeletions.Deletion deleted,
      CloudFormationApi cfn,
      List<Notice> notices) {
    if (deleted.keepsNothing()) {
      // Resources kept after failed attempts (RetainResources) were named when they were retained.
      return;
    }
    List<String> alreadyReported = leftBehind(pipeline.uid());
    List<String> retained;
    try {
      retained = FailureReasons.retainedResources(cfn, deleted.stackId());
    } catch (CloudFormationException e) {
      notices.addAll(retainedUnread(stackName, deleted, alreadyReported, e));
      return;
    }
    Set<String> named = new LinkedHashSet<>();
    for (String resource : retained) {
      String logicalId = resource.substring(0, resource.indexOf(' '));
      named.add(logicalId);
      if (reported(alreadyReported, stackName, logicalId)) {
        continue;
      }
      notices.add(
          Notice.normal(
              Reason.RETAINED,
              stackName + ": " + resource + " kept in AWS, as its deletion policy says"));
    }
    if (deleted.retained() == null) {
      return;
    }
    // What the deployed template keeps but the events do not name (an API that reports no
    // DELETE_SKIPPED) is still in AWS: said so, without the ARN no event gave.
    notices.addAll(
        namedFromTemplate(
            stackName,
            deleted,
            alreadyReported,
            named,
            "the stack's events reported no DELETE_SKIPPED for it"));
  }

  /**
   * The stack is gone, its events unreadable: what its template keeps is named without ARNs; only
   * when the template was unknown too can nothing but the failure be said.
   */
  private static List<Notice> retainedUnread(
      String stackName,
      PendingDeletions.Deletion deleted,
      List<String> alreadyReported,
      CloudFormationException e) {
    if (deleted.retained() == null) {
      // The stack is gone either way; only the courtesy of naming what it kept is lost.
      return List.of(
          Notice.warning(
              Reason.RETAINED,
              stackName
                  + " is deleted; could not read which resources it kept: "
                  + e.getMessage()));
    }
    return namedFromTemplate(
        stackName,
        deleted,
        alreadyReported,
        Set.of(),
        "the deleted stack's events could not be read: " + e.getMessage());
  }

  /**
   * A notice for each resource the deployed template keeps (DeletionPolicy Retain), except those in
   * {@code named} or already reported, without its ARN: {@code why} says why it is not known.
   */
  private static List<Notice> namedFromTemplate(
      String stackName,
      PendingDeletions.Deletion deleted,
      List<String> alreadyReported,
      Set<String> named,
      String why) {
    List<Notice> notices = new ArrayList<>();
    deleted
        .retained()
        .forEach(
            (logicalId, type) -> {
              if (!named.contains(logicalId) && !reported(alreadyReported, stackName, logicalId)) {
                notices.add(
                    Notice.normal(
                        Reason.RETAINED,
                        stackName
                            + ": "
                            + logicalId
                            + " ("
                            + type
                            + ") kept in AWS, as its deletion policy says (its ARN is not known: "
                            + why
                            + ")"));
              }
            });
    return notices;
  }

  /** Whether {@code logicalId} of the stack was named already, retained after failed attempts. */
  private static boolean reported(
      List<String> alreadyReported, String stackName, String logicalId) {
    return alreadyReported.stream().anyMatch(r -> r.startsWith(stackName + ": " + logicalId + " "));
  }
}
