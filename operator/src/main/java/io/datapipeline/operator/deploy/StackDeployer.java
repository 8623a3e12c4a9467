package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.AwsSession;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Moves one stack one step towards its desired state: creates, executes or waits on change sets,
 * and gets stacks out of CloudFormation's dead ends. Never blocks: an expected wait is an
 * IN_PROGRESS outcome, and the caller looks again later.
 */
public final class StackDeployer {

  /** ContinueUpdateRollback attempts per stack and generation. */
  static final int ROLLBACK_ATTEMPTS = 3;

  /** Re-makes of a FAILED or OBSOLETE change set of ours per stack and generation. */
  static final int CHANGE_SET_REMAKES = 1;

  private final RecreateBudget recreateBudget;
  private final FailureMemo failures = new FailureMemo();
  private final RollbackRescuer rollbacks;
  private final RecreateBudget changeSetBudget = new RecreateBudget(CHANGE_SET_REMAKES);
  private final StackRemover remover;

  public StackDeployer(RecreateBudget recreateBudget) {
    this(recreateBudget, new StackRemover());
  }

  /**
   * @param remover how a stack in DELETE_FAILED is deleted (classified retries within a budget);
   *     share the pipeline deleter's, so one budget per stack holds whoever started the delete
   */
  public StackDeployer(RecreateBudget recreateBudget, StackRemover remover) {
    this.recreateBudget = recreateBudget;
    this.remover = remover;
    this.rollbacks = new RollbackRescuer(new RecreateBudget(ROLLBACK_ATTEMPTS), failures);
  }

  /**
   * One step for {@code desired}.
   *
   * @param previous the stack's entry in the pipeline's status, or null
   * @param templateUrl asked only when a change set is made: uploads what the stack needs (its
   *     artifacts, and its template when too large to pass inline) and answers where the template
   *     is, or null to pass it inline. A stack already as desired uploads nothing (a restart with
   *     every stack up to date makes no write).
   * @throws CloudFormationException of kind THROTTLED or RETRYABLE (terminal ones become STALLED)
   */
  public StackOutcome step(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      Supplier<String> templateUrl,
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
                Reason.STACK_RECOVERED,
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
      notices.add(Notice.warning(Reason.STACK_FAILED, stackName + ": " + e.getMessage()));
      return outcome(desired, Phase.STALLED, Reason.CLOUD_FORMATION_REJECTED, e.getMessage())
          .withStack(observed.orElse(null));
    }
  }

  private StackOutcome createStack(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      Supplier<String> templateUrl,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = desired.spec().stackName();
    remover.forgetDeletion(pipeline, stackName);
    if (previous != null && previous.stackId != null && !isBeingRecreated(previous)) {
      notices.add(
          Notice.warning(
              Reason.STACK_RECREATED,
              "stack "
                  + stackName
                  + " was deleted outside the operator (last seen "
                  + previous.status
                  + "); creating it again"));
    }
    createChangeSet(pipeline, desired, templateUrl, true, aws);
    notices.add(Notice.normal(Reason.STACK_CREATING, "creating stack " + stackName));
    return outcome(desired, Phase.IN_PROGRESS, Reason.CREATING, "creating stack " + stackName);
  }

  private StackOutcome advance(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      StackView stack,
      Supplier<String> templateUrl,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = stack.name();
    CloudFormationApi cfn = aws.cloudFormation();
    if (!pipeline.uid().equals(stack.tags().get(PipelineRef.UID_TAG))) {
      return outcome(
          desired,
          Phase.STALLED,
          Reason.STACK_OWNED_BY_ANOTHER,
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
      return outcome(
          desired, Phase.IN_PROGRESS, Reason.STACK_IN_PROGRESS, stackName + " is " + status);
    }
    switch (status) {
      case StackStates.ROLLBACK_COMPLETE, StackStates.ROLLBACK_FAILED -> {
        return recreateFailedCreate(pipeline, desired, stack, aws, notices);
      }
      case StackStates.UPDATE_ROLLBACK_FAILED -> {
        return rollbacks.step(
            pipeline, desired, stack, cfn, () -> aws.stacks().changed(stackName), notices);
      }
      case StackStates.DELETE_FAILED -> {
        // A delete of ours (a failed create being recreated) failed: the same classified retries
        // within a budget as a pipeline's deletion; resources are retained only once it is spent.
        StackRemover.Step step = remover.step(pipeline, stackName, aws, notices);
        return outcome(desired, Phase.IN_PROGRESS, Reason.DELETING, step.message());
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
      Supplier<String> templateUrl,
      AwsSession aws,
      List<Notice> notices) {
    String changeSet = desired.changeSetName(pipeline.generation());
    Optional<ChangeSetView> found = aws.cloudFormation().describeChangeSet(stack.name(), changeSet);
    if (found.isEmpty()) {
      // The spec changed while the first change set waited: a new one for the new content.
      createChangeSet(pipeline, desired, templateUrl, true, aws);
      return outcome(desired, Phase.IN_PROGRESS, Reason.CREATING, "creating stack " + stack.name());
    }
    ChangeSetView cs = found.get();
    if ((cs.failed() || cs.obsolete())
        && remade(pipeline, desired, cs, templateUrl, true, aws, notices)) {
      return outcome(desired, Phase.IN_PROGRESS, Reason.CREATING, "creating stack " + stack.name());
    }
    if (cs.failed() || cs.obsolete()) {
      notices.add(Notice.warning(Reason.STACK_FAILED, stack.name() + ": " + describe(cs)));
      return outcome(desired, Phase.STALLED, Reason.CHANGE_SET_FAILED, describe(cs));
    }
    if (cs.executable()) {
      aws.cloudFormation().executeChangeSet(stack.name(), changeSet);
      aws.stacks().changed(stack.name());
    }
    return outcome(desired, Phase.IN_PROGRESS, Reason.CREATING, "creating stack " + stack.name());
  }

  private StackOutcome recreateFailedCreate(
      PipelineRef pipeline,
      DesiredStack desired,
      StackView stack,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = stack.name();
    String failure = failures.firstFailure(aws.cloudFormation(), stack);
    if (!recreateBudget.tryAcquire(stackName, pipeline.uid(), pipeline.generation())) {
      return outcome(
              desired,
              Phase.STALLED,
              Reason.CREATE_FAILED,
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
            Reason.RECREATING_STACK,
            stackName
                + " failed to create ("
                + failure
                + "); deleting it to create it again, attempt "
                + recreateBudget.used(stackName, pipeline.uid(), pipeline.generation())
                + " of "
                + recreateBudget.maxAttempts()));
    return outcome(desired, Phase.IN_PROGRESS, Reason.RECREATING_FAILED_STACK, failure)
        .withFailure(failure);
  }

  private StackOutcome update(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      StackView stack,
      Supplier<String> templateUrl,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = stack.name();
    boolean deployed = previous != null && desired.hash().equals(previous.templateHash);
    boolean revert = deployed && DriftRevert.wanted(pipeline, previous);
    if (deployed && !revert) {
      return ready(desired, stack);
    }
    CloudFormationApi cfn = aws.cloudFormation();
    String changeSet =
        revert
            ? DriftRevert.changeSetName(previous, desired)
            : changeSetName(pipeline, desired, previous);
    supersede(previous, changeSet, stackName, cfn, notices);
    Optional<ChangeSetView> found = cfn.describeChangeSet(stackName, changeSet);
    if (found.isEmpty()) {
      createChangeSet(pipeline, desired, changeSet, templateUrl, false, revert, aws);
      return revert
          ? outcome(
              desired,
              Phase.IN_PROGRESS,
              Reason.REVERTING_DRIFT,
              "preparing the revert of drifted resources of " + stackName)
          : outcome(
              desired, Phase.IN_PROGRESS, Reason.UPDATING, "preparing update of " + stackName);
    }
    ChangeSetView cs = found.get();
    if (cs.beingCreated() || cs.executing()) {
      return outcome(desired, Phase.IN_PROGRESS, Reason.UPDATING, "updating " + stackName);
    }
    if (cs.hasNoChanges()) {
      // "No updates are to be performed" is success; the empty change set is just clutter.
      cfn.deleteChangeSet(stackName, changeSet);
      // An approved change set may have run under another name: its lifted policy goes too.
      guard(pipeline, desired, stackName, cfn);
      return ready(desired, stack);
    }
    if ((cs.failed() || cs.obsolete())
        && remade(pipeline, desired, cs, templateUrl, false, aws, notices)) {
      return outcome(
          desired, Phase.IN_PROGRESS, Reason.UPDATING, "preparing update of " + stackName);
    }
    if (cs.failed() || cs.obsolete()) {
      notices.add(Notice.warning(Reason.STACK_FAILED, stackName + ": " + describe(cs)));
      return outcome(desired, Phase.STALLED, Reason.CHANGE_SET_FAILED, describe(cs));
    }
    if (cs.executable()) {
      ChangeSetGate.Decision decision = ChangeSetGate.decide(pipeline, changeSet, cs);
      if (!decision.execute()) {
        return awaitingApproval(pipeline, desired, previous, changeSet, cs, decision, notices);
      }
      if (!decision.destructive().isEmpty()) {
        // The stack policy lets through exactly the data changes approved (or allowed by
        // replacementPolicy: Allow); the guard is put back once the change set has run.
        StackPolicies.lifted(
                desired.spec().templateBody(),
                decision.destructive().stream().map(c -> c.logicalId()).toList())
            .ifPresent(policy -> StackPolicies.apply(cfn, stackName, policy));
      }
      if (decision.approved()) {
        notices.add(
            Notice.normal(
                Reason.CHANGE_SET_APPROVED,
                "executing change set "
                    + changeSet
                    + " of "
                    + stackName
                    + ", approved by name: "
                    + ChangeSetSummary.line(cs)));
      }
      cfn.executeChangeSet(stackName, changeSet);
      aws.stacks().changed(stackName);
      notices.add(Notice.normal(Reason.STACK_UPDATING, "updating stack " + stackName));
      StackOutcome updating =
          outcome(desired, Phase.IN_PROGRESS, Reason.UPDATING, "updating " + stackName);
      return decision.approved() ? updating.withApproved(changeSet) : updating;
    }
    boolean rolledBack =
        cs.executionFailed() || StackStates.UPDATE_ROLLBACK_COMPLETE.equals(stack.status());
    if (rolledBack) {
      guard(pipeline, desired, stackName, cfn);
      String failure = failures.firstFailure(cfn, stack);
      notices.add(
          Notice.warning(Reason.STACK_UPDATE_FAILED, stackName + " rolled back: " + failure));
      return outcome(
              desired,
              Phase.STALLED,
              Reason.UPDATE_ROLLED_BACK,
              "the update of " + stackName + " failed and was rolled back: " + failure)
          .withFailure(failure);
    }
    if (cs.executed()) {
      guard(pipeline, desired, stackName, cfn);
      notices.add(
          Notice.normal(
              previous == null || previous.templateHash == null
                  ? Reason.STACK_CREATED
                  : Reason.STACK_UPDATED,
              stackName + " is " + stack.status()));
      return ready(desired, stack);
    }
    return outcome(
        desired,
        Phase.IN_PROGRESS,
        Reason.UPDATING,
        "change set " + changeSet + " is " + cs.status() + "/" + cs.executionStatus());
  }

  /**
   * Our change set for this generation failed, or went OBSOLETE (the stack changed under it, e.g.
   * updated by hand): deletes it and makes it again, within the budget. Only change sets of our
   * deterministic name are ever deleted or executed; others on the stack are never touched.
   *
   * @return false once the budget is spent (the caller reports it)
   */
  private boolean remade(
      PipelineRef pipeline,
      DesiredStack desired,
      ChangeSetView cs,
      Supplier<String> templateUrl,
      boolean create,
      AwsSession aws,
      List<Notice> notices) {
    String stackName = desired.spec().stackName();
    if (!changeSetBudget.tryAcquire(
        "changeset/" + stackName, pipeline.uid(), pipeline.generation())) {
      return false;
    }
    aws.cloudFormation().deleteChangeSet(stackName, cs.name());
    createChangeSet(pipeline, desired, templateUrl, create, aws);
    notices.add(
        Notice.warning(
            Reason.CHANGE_SET_REMADE,
            "change set "
                + cs.name()
                + " of "
                + stackName
                + " was "
                + describe(cs)
                + "; deleted it and made it again"));
    return true;
  }

  private static String describe(ChangeSetView cs) {
    return cs.obsolete()
        ? "OBSOLETE (the stack changed after it was made)"
        : "FAILED: " + cs.statusReason();
  }

  private void createChangeSet(
      PipelineRef pipeline,
      DesiredStack desired,
      Supplier<String> templateUrl,
      boolean create,
      AwsSession aws) {
    createChangeSet(
        pipeline,
        desired,
        desired.changeSetName(pipeline.generation()),
        templateUrl,
        create,
        false,
        aws);
  }

  private void createChangeSet(
      PipelineRef pipeline,
      DesiredStack desired,
      String changeSetName,
      Supplier<String> templateUrl,
      boolean create,
      boolean revertDrift,
      AwsSession aws) {
    var spec = desired.spec();
    String url = templateUrl.get();
    aws.cloudFormation()
        .createChangeSet(
            new ChangeSetRequest(
                spec.stackName(),
                changeSetName,
                create,
                url == null ? spec.templateBody() : null,
                url,
                desired.parameters(),
                spec.tags(),
                spec.capabilities(),
                pipeline.cloudFormationRoleArn(),
                revertDrift,
                Set.of()));
    aws.stacks().changed(spec.stackName());
  }

  /**
   * The change set for this content: the one already waiting for approval when its content is still
   * the desired one (a new generation that changes nothing deployable, such as setting
   * spec.approvedChangeSet, must not rename what a person is approving), else this generation's.
   */
  private static String changeSetName(
      PipelineRef pipeline, DesiredStack desired, StackStatus previous) {
    if (previous != null
        && previous.pendingChangeSet != null
        && previous.pendingChangeSet.name != null
        && previous.pendingChangeSet.name.endsWith("-" + desired.hash())) {
      return previous.pendingChangeSet.name;
    }
    return desired.changeSetName(pipeline.generation());
  }

  /** A waiting change set the spec moved on from is deleted, so nobody executes a stale preview. */
  private static void supersede(
      StackStatus previous,
      String changeSet,
      String stackName,
      CloudFormationApi cfn,
      List<Notice> notices) {
    if (previous == null
        || previous.pendingChangeSet == null
        || previous.pendingChangeSet.name == null
        || previous.pendingChangeSet.name.equals(changeSet)) {
      return;
    }
    cfn.deleteChangeSet(stackName, previous.pendingChangeSet.name);
    notices.add(
        Notice.normal(
            Reason.CHANGE_SET_SUPERSEDED,
            "change set "
                + previous.pendingChangeSet.name
                + " of "
                + stackName
                + " no longer matches the spec and was deleted; "
                + changeSet
                + " replaces it"));
  }

  private StackOutcome awaitingApproval(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      String changeSet,
      ChangeSetView cs,
      ChangeSetGate.Decision decision,
      List<Notice> notices) {
    String stackName = desired.spec().stackName();
    boolean data = decision.waitReason() == Reason.DATA_REPLACEMENT;
    String why =
        data
            ? "would replace or remove data: " + DataResources.describe(decision.destructive())
            : ChangeSetSummary.line(cs);
    String message =
        "change set "
            + changeSet
            + " of "
            + stackName
            + " waits for approval ("
            + why
            + "); approve with `kubectl annotate dp "
            + pipeline.name()
            + " "
            + ChangeControl.APPROVE_ANNOTATION
            + "="
            + changeSet
            + "` or spec.approvedChangeSet";
    boolean announced =
        previous != null
            && previous.pendingChangeSet != null
            && changeSet.equals(previous.pendingChangeSet.name);
    if (!announced) {
      notices.add(
          data
              ? Notice.warning(Reason.DATA_REPLACEMENT, message)
              : Notice.normal(Reason.AWAITING_APPROVAL, message));
    }
    return outcome(desired, Phase.PENDING_APPROVAL, decision.waitReason(), message)
        .withPending(ChangeSetSummary.pending(changeSet, cs, decision.waitReason().id()));
  }

  /** Puts the data stack's guard policy back (after creation, or once an approved change ran). */
  private static void guard(
      PipelineRef pipeline, DesiredStack desired, String stackName, CloudFormationApi cfn) {
    if (!pipeline.changeControl().guardDataResources()) {
      return;
    }
    StackPolicies.guard(desired.spec().templateBody())
        .ifPresent(policy -> StackPolicies.apply(cfn, stackName, policy));
  }

  private static StackOutcome ready(DesiredStack desired, StackView stack) {
    return outcome(
            desired, Phase.READY, Reason.STACK_COMPLETE, stack.name() + " is " + stack.status())
        .withStack(stack)
        .withAppliedHash(desired.hash());
  }

  private static StackOutcome outcome(
      DesiredStack desired, Phase phase, Reason reason, String message) {
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
