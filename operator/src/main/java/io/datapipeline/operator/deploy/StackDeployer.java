package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.ports.AwsSession;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Moves one stack one step towards its desired state: creates, executes or waits on change sets,
 * and gets stacks out of CloudFormation's dead ends. Never blocks: an expected wait is an
 * IN_PROGRESS outcome, and the caller looks again later.
 */
public final class StackDeployer {

  private final RecreateBudget recreateBudget;

  public StackDeployer(RecreateBudget recreateBudget) {
    this.recreateBudget = recreateBudget;
  }

  /**
   * One step for {@code desired}.
   *
   * @param previous the stack's entry in the pipeline's status, or null
   * @param templateUrl where the template was uploaded when too large to pass inline, or null
   * @throws CloudFormationException of kind THROTTLED or RETRYABLE (terminal ones become STALLED)
   */
  public StackOutcome step(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      String templateUrl,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = desired.spec().stackName();
    Optional<StackView> observed = aws.stacks().stack(stackName);
    try {
      StackOutcome outcome =
          observed.isEmpty()
              ? createStack(pipeline, desired, previous, templateUrl, aws, notices)
              : advance(pipeline, desired, previous, observed.get(), templateUrl, aws, notices);
      if (outcome.phase() == Phase.READY
          && previous != null
          && (StackStates.failed(previous.status) || previous.reason != null)) {
        notices.add(
            Notice.normal(
                "StackRecovered",
                stackName
                    + " recovered from "
                    + previous.status
                    + " and is "
                    + outcome.stack().status()));
      }
      return outcome.stack() == null && observed.isPresent()
          ? outcome.withStack(observed.get())
          : outcome;
    } catch (CloudFormationException e) {
      if (e.kind() != CloudFormationException.Kind.TERMINAL) {
        throw e;
      }
      notices.add(Notice.warning("StackFailed", stackName + ": " + e.getMessage()));
      return outcome(desired, Phase.STALLED, "CloudFormationRejected", e.getMessage())
          .withStack(observed.orElse(null));
    }
  }

  private StackOutcome createStack(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      String templateUrl,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = desired.spec().stackName();
    if (previous != null && previous.stackId != null && !isBeingRecreated(previous)) {
      notices.add(
          Notice.warning(
              "StackRecreated",
              "stack "
                  + stackName
                  + " was deleted outside the operator (last seen "
                  + previous.status
                  + "); creating it again"));
    }
    createChangeSet(pipeline, desired, templateUrl, true, aws);
    notices.add(Notice.normal("StackCreating", "creating stack " + stackName));
    return outcome(desired, Phase.IN_PROGRESS, "Creating", "creating stack " + stackName);
  }

  private StackOutcome advance(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      StackView stack,
      String templateUrl,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = stack.name();
    CloudFormationApi cfn = aws.cloudFormation();
    if (!pipeline.uid().equals(stack.tags().get(PipelineRef.UID_TAG))) {
      return outcome(
          desired,
          Phase.STALLED,
          "StackOwnedByAnother",
          "stack "
              + stackName
              + " exists but belongs to "
              + owner(stack)
              + "; the operator will not touch it. Delete or rename one of them.");
    }
    String status = stack.status();
    if (StackStates.REVIEW_IN_PROGRESS.equals(status)) {
      return createInReview(pipeline, desired, stack, templateUrl, aws, notices);
    }
    if (StackStates.inProgress(status)) {
      return outcome(desired, Phase.IN_PROGRESS, "StackInProgress", stackName + " is " + status);
    }
    switch (status) {
      case StackStates.ROLLBACK_COMPLETE, StackStates.ROLLBACK_FAILED -> {
        return recreateFailedCreate(pipeline, desired, stack, aws, notices);
      }
      case StackStates.UPDATE_ROLLBACK_FAILED -> {
        String failure = FailureReasons.firstFailure(cfn, stackName, stack.statusReason());
        cfn.continueUpdateRollback(stackName, Set.of(), pipeline.cloudFormationRoleArn());
        aws.stacks().changed(stackName);
        notices.add(
            Notice.warning(
                "ContinuingUpdateRollback",
                stackName + " was stuck in UPDATE_ROLLBACK_FAILED (" + failure + "); continuing"));
        return outcome(
                desired,
                Phase.IN_PROGRESS,
                "ContinuingUpdateRollback",
                "rolling back the failed update of " + stackName)
            .withFailure(failure);
      }
      case StackStates.DELETE_FAILED -> {
        Set<String> retain = FailureReasons.failedDeletions(cfn, stackName);
        cfn.deleteStack(stackName, retain, pipeline.cloudFormationRoleArn());
        aws.stacks().changed(stackName);
        notices.add(
            Notice.warning(
                "RetryingDelete", "deleting " + stackName + " again, retaining " + retain));
        return outcome(desired, Phase.IN_PROGRESS, "Deleting", "deleting " + stackName);
      }
      default -> {
        return update(pipeline, desired, previous, stack, templateUrl, aws, notices);
      }
    }
  }

  /** A stack created through a change set waits in REVIEW_IN_PROGRESS until it is executed. */
  private StackOutcome createInReview(
      PipelineRef pipeline,
      DesiredStack desired,
      StackView stack,
      String templateUrl,
      AwsSession aws,
      List<Notice> notices) {
    String changeSet = desired.changeSetName(pipeline.generation());
    Optional<ChangeSetView> found = aws.cloudFormation().describeChangeSet(stack.name(), changeSet);
    if (found.isEmpty()) {
      // The spec changed while the first change set waited: a new one for the new content.
      createChangeSet(pipeline, desired, templateUrl, true, aws);
      return outcome(desired, Phase.IN_PROGRESS, "Creating", "creating stack " + stack.name());
    }
    ChangeSetView cs = found.get();
    if (cs.failed()) {
      notices.add(Notice.warning("StackFailed", stack.name() + ": " + cs.statusReason()));
      return outcome(desired, Phase.STALLED, "ChangeSetFailed", cs.statusReason());
    }
    if (cs.executable()) {
      aws.cloudFormation().executeChangeSet(stack.name(), changeSet);
      aws.stacks().changed(stack.name());
    }
    return outcome(desired, Phase.IN_PROGRESS, "Creating", "creating stack " + stack.name());
  }

  private StackOutcome recreateFailedCreate(
      PipelineRef pipeline,
      DesiredStack desired,
      StackView stack,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = stack.name();
    String failure =
        FailureReasons.firstFailure(aws.cloudFormation(), stackName, stack.statusReason());
    if (!recreateBudget.tryAcquire(stackName, pipeline.uid(), pipeline.generation())) {
      return outcome(
              desired,
              Phase.STALLED,
              "CreateFailed",
              stackName
                  + " failed to create "
                  + recreateBudget.maxAttempts()
                  + " more time(s) after the first: "
                  + failure)
          .withFailure(failure);
    }
    aws.cloudFormation().deleteStack(stackName, Set.of(), pipeline.cloudFormationRoleArn());
    aws.stacks().changed(stackName);
    notices.add(
        Notice.warning(
            "RecreatingStack",
            stackName
                + " failed to create ("
                + failure
                + "); deleting it to create it again, attempt "
                + recreateBudget.used(stackName, pipeline.uid(), pipeline.generation())
                + " of "
                + recreateBudget.maxAttempts()));
    return outcome(desired, Phase.IN_PROGRESS, "RecreatingFailedStack", failure)
        .withFailure(failure);
  }

  private StackOutcome update(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      StackView stack,
      String templateUrl,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = stack.name();
    if (previous != null && desired.hash().equals(previous.templateHash)) {
      return ready(desired, stack);
    }
    CloudFormationApi cfn = aws.cloudFormation();
    String changeSet = desired.changeSetName(pipeline.generation());
    Optional<ChangeSetView> found = cfn.describeChangeSet(stackName, changeSet);
    if (found.isEmpty()) {
      createChangeSet(pipeline, desired, templateUrl, false, aws);
      return outcome(desired, Phase.IN_PROGRESS, "Updating", "preparing update of " + stackName);
    }
    ChangeSetView cs = found.get();
    if (cs.beingCreated() || cs.executing()) {
      return outcome(desired, Phase.IN_PROGRESS, "Updating", "updating " + stackName);
    }
    if (cs.hasNoChanges()) {
      // "No updates are to be performed" is success; the empty change set is just clutter.
      cfn.deleteChangeSet(stackName, changeSet);
      return ready(desired, stack);
    }
    if (cs.failed()) {
      notices.add(Notice.warning("StackFailed", stackName + ": " + cs.statusReason()));
      return outcome(desired, Phase.STALLED, "ChangeSetFailed", cs.statusReason());
    }
    if (cs.executable()) {
      if (pipeline.manualUpdates()) {
        StackStatus.PendingChangeSet pending = new StackStatus.PendingChangeSet();
        pending.name = changeSet;
        pending.changes = cs.changes();
        pending.replacements = cs.replacements();
        return outcome(
                desired,
                Phase.PENDING_APPROVAL,
                "ChangeSetPendingApproval",
                "change set "
                    + changeSet
                    + " of "
                    + stackName
                    + " waits for approval ("
                    + cs.changes()
                    + " changes, "
                    + cs.replacements().size()
                    + " replacements)")
            .withPending(pending);
      }
      cfn.executeChangeSet(stackName, changeSet);
      aws.stacks().changed(stackName);
      notices.add(Notice.normal("StackUpdating", "updating stack " + stackName));
      return outcome(desired, Phase.IN_PROGRESS, "Updating", "updating " + stackName);
    }
    boolean rolledBack =
        cs.executionFailed() || StackStates.UPDATE_ROLLBACK_COMPLETE.equals(stack.status());
    if (rolledBack) {
      String failure = FailureReasons.firstFailure(cfn, stackName, stack.statusReason());
      notices.add(Notice.warning("StackUpdateFailed", stackName + " rolled back: " + failure));
      return outcome(
              desired,
              Phase.STALLED,
              "UpdateRolledBack",
              "the update of " + stackName + " failed and was rolled back: " + failure)
          .withFailure(failure);
    }
    if (cs.executed()) {
      notices.add(
          Notice.normal(
              previous == null || previous.templateHash == null ? "StackCreated" : "StackUpdated",
              stackName + " is " + stack.status()));
      return ready(desired, stack);
    }
    return outcome(
        desired,
        Phase.IN_PROGRESS,
        "Updating",
        "change set " + changeSet + " is " + cs.status() + "/" + cs.executionStatus());
  }

  private void createChangeSet(
      PipelineRef pipeline,
      DesiredStack desired,
      String templateUrl,
      boolean create,
      AwsSession aws) {
    var spec = desired.spec();
    aws.cloudFormation()
        .createChangeSet(
            new ChangeSetRequest(
                spec.stackName(),
                desired.changeSetName(pipeline.generation()),
                create,
                templateUrl == null ? spec.templateBody() : null,
                templateUrl,
                desired.parameters(),
                spec.tags(),
                spec.capabilities(),
                pipeline.cloudFormationRoleArn()));
    aws.stacks().changed(spec.stackName());
  }

  private static StackOutcome ready(DesiredStack desired, StackView stack) {
    return outcome(desired, Phase.READY, "StackComplete", stack.name() + " is " + stack.status())
        .withStack(stack)
        .withAppliedHash(desired.hash());
  }

  private static StackOutcome outcome(
      DesiredStack desired, Phase phase, String reason, String message) {
    return StackOutcome.of(
        desired.spec().component(), desired.spec().stackName(), phase, reason, message);
  }

  /** A stack we deleted on purpose (failed create) is expected to be gone. */
  private static boolean isBeingRecreated(StackStatus previous) {
    return previous.status != null
        && (previous.status.startsWith("ROLLBACK") || previous.status.startsWith("DELETE"));
  }

  private static String owner(StackView stack) {
    String ns = stack.tags().get(PipelineRef.NAMESPACE_TAG);
    String name = stack.tags().get(PipelineRef.NAME_TAG);
    return ns == null || name == null
        ? "something else (no pipeline tags)"
        : "pipeline " + ns + "/" + name;
  }
}
