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

  /**
   * A stack we asked CloudFormation to delete: its id (to read its last events once gone) and the
   * databases the delete snapshots.
   */
  private record Deleting(String stackId, Map<String, String> snapshotted) {}

  /** Stacks we asked CloudFormation to delete, by uid/name. */
  private final Map<String, Deleting> deleting = new ConcurrentHashMap<>();

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
    String key = pipeline.uid() + "/" + stackName;
    if (found.isEmpty()) {
      Deleting deleted = deleting.remove(key);
      if (deleted != null) {
        retries.forget(pipeline.uid(), stackName);
        reportRetained(pipeline, stackName, deleted.stackId(), aws.cloudFormation(), notices);
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
    Map<String, String> snapshotted = snapshottedBefore(key);
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
      snapshotted = readiness.snapshotted();
      notices.add(Notice.normal(Reason.STACK_DELETING, "deleting stack " + stackName));
    }
    aws.cloudFormation().deleteStack(stackName, retain, pipeline.cloudFormationRoleArn());
    aws.stacks().changed(stackName);
    deleting.put(key, new Deleting(stack.id(), snapshotted));
    return new Step(State.DELETING, stack, "deleting " + stackName);
  }

  /** What an earlier attempt of this operator process said the delete snapshots. */
  private Map<String, String> snapshottedBefore(String key) {
    Deleting before = deleting.get(key);
    return before == null ? Map.of() : before.snapshotted();
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
    deleting.remove(pipeline.uid() + "/" + stackName);
    retries.forget(pipeline.uid(), stackName);
  }

  /** The retry budgets of failed deletions (persisted in the pipelines' status). */
  public DeleteRetries retries() {
    return retries;
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

  private void reportRetained(
      PipelineRef pipeline,
      String stackName,
      String stackId,
      CloudFormationApi cfn,
      List<Notice> notices) {
    List<String> retained;
    try {
      retained = FailureReasons.retainedResources(cfn, stackId);
    } catch (CloudFormationException e) {
      // The stack is gone either way; only the courtesy of naming what it kept is lost.
      notices.add(
          Notice.warning(
              Reason.RETAINED,
              stackName
                  + " is deleted; could not read which resources it kept: "
                  + e.getMessage()));
      return;
    }
    List<String> alreadyReported = leftBehind(pipeline.uid());
    for (String resource : retained) {
      String logicalId = resource.substring(0, resource.indexOf(' '));
      if (alreadyReported.stream()
          .anyMatch(r -> r.startsWith(stackName + ": " + logicalId + " "))) {
        continue;
      }
      notices.add(
          Notice.normal(
              Reason.RETAINED,
              stackName + ": " + resource + " kept in AWS, as its deletion policy says"));
    }
  }
}
