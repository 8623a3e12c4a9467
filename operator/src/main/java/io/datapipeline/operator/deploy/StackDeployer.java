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
   * One step for the request's desired stack.
   *
   * @throws CloudFormationException of kind THROTTLED or RETRYABLE (terminal ones become STALLED)
   */
  public StackOutcome step(Request r) {
    String stackName = r.stackName();
    StackStatus previous = r.previous();
    List<Notice> notices = r.notices();
    Optional<StackView> observed = r.aws().stacks().stack(stackName);
    try {
      StackOutcome outcome = observed.isEmpty() ? createStack(r) : advance(r, observed.get());
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
      return r.outcome(Phase.STALLED, Reason.CLOUD_FORMATION_REJECTED, e.getMessage())
          .withStack(observed.orElse(null));
    }
  }

  /**
   * What one {@link #step} is asked to do, passed as one value through the steps it takes.
   *
   * @param desired the stack as it should be
   * @param previous the stack's entry in the pipeline's status, or null
   * @param templateUrl asked only when a change set is made: uploads what the stack needs (its
   *     artifacts, and its template when too large to pass inline) and answers where the template
   *     is, or null to pass it inline. A stack already as desired uploads nothing (a restart with
   *     every stack up to date makes no write).
   * @param notices where the step's Events go
   */
  public record Request(
      PipelineRef pipeline,
      DesiredStack desired,
      StackStatus previous,
      Supplier<String> templateUrl,
      AwsSession aws,
      List<Notice> notices) {

    String stackName() {
      return desired.spec().stackName();
    }

    CloudFormationApi cfn() {
      return aws.cloudFormation();
    }

    /** This generation's change set name for the desired content. */
    String changeSetName() {
      return desired.changeSetName(pipeline.generation());
    }

    StackOutcome outcome(Phase phase, Reason reason, String message) {
      return StackOutcome.of(desired.spec().component(), stackName(), phase, reason, message);
    }

    StackOutcome ready(StackView stack) {
      return outcome(Phase.READY, Reason.STACK_COMPLETE, stack.name() + " is " + stack.status())
          .withStack(stack)
          .withAppliedHash(desired.hash());
    }
  }

  private StackOutcome createStack(Request r) {
    String stackName = r.stackName();
    StackStatus previous = r.previous();
    remover.forgetDeletion(r.pipeline(), stackName);
    if (previous != null && previous.stackId != null && !isBeingRecreated(previous)) {
      r.notices()
          .add(
              Notice.warning(
                  Reason.STACK_RECREATED,
                  "stack "
                      + stackName
                      + " was deleted outside the operator (last seen "
                      + previous.status
                      + "); creating it again"));
    }
    createChangeSet(r, true);
    r.notices().add(Notice.normal(Reason.STACK_CREATING, "creating stack " + stackName));
    return r.outcome(Phase.IN_PROGRESS, Reason.CREATING, "creating stack " + stackName);
  }

  private StackOutcome advance(Request r, StackView stack) {
    String stackName = stack.name();
    if (!r.pipeline().uid().equals(stack.tags().get(PipelineRef.UID_TAG))) {
      return r.outcome(
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
      return createInReview(r, stack);
    }
    if (StackStates.inProgress(status)) {
      return r.outcome(Phase.IN_PROGRESS, Reason.STACK_IN_PROGRESS, stackName + " is " + status);
    }
    switch (status) {
      case StackStates.ROLLBACK_COMPLETE, StackStates.ROLLBACK_FAILED -> {
        return recreateFailedCreate(r, stack);
      }
      case StackStates.UPDATE_ROLLBACK_FAILED -> {
        return rollbacks.step(
            r.pipeline(),
            r.desired(),
            stack,
            r.cfn(),
            () -> r.aws().stacks().changed(stackName),
            r.notices());
      }
      case StackStates.DELETE_FAILED -> {
        // A delete of ours (a failed create being recreated) failed: the same classified retries
        // within a budget as a pipeline's deletion; resources are retained only once it is spent.
        StackRemover.Step step = remover.step(r.pipeline(), stackName, r.aws(), r.notices());
        return r.outcome(Phase.IN_PROGRESS, Reason.DELETING, step.message());
      }
      default -> {
        return update(r, stack);
      }
    }
  }

  /** A stack created through a change set waits in REVIEW_IN_PROGRESS until it is executed. */
  private StackOutcome createInReview(Request r, StackView stack) {
    String changeSet = r.changeSetName();
    String creating = "creating stack " + stack.name();
    Optional<ChangeSetView> found = r.cfn().describeChangeSet(stack.name(), changeSet);
    if (found.isEmpty()) {
      // The spec changed while the first change set waited: a new one for the new content.
      createChangeSet(r, true);
      return r.outcome(Phase.IN_PROGRESS, Reason.CREATING, creating);
    }
    ChangeSetView cs = found.get();
    if ((cs.failed() || cs.obsolete()) && remade(r, cs, true)) {
      return r.outcome(Phase.IN_PROGRESS, Reason.CREATING, creating);
    }
    if (cs.failed() || cs.obsolete()) {
      r.notices().add(Notice.warning(Reason.STACK_FAILED, stack.name() + ": " + describe(cs)));
      return r.outcome(Phase.STALLED, Reason.CHANGE_SET_FAILED, describe(cs));
    }
    if (cs.executable()) {
      r.cfn().executeChangeSet(stack.name(), changeSet);
      r.aws().stacks().changed(stack.name());
    }
    return r.outcome(Phase.IN_PROGRESS, Reason.CREATING, creating);
  }

  private StackOutcome recreateFailedCreate(Request r, StackView stack) {
    String stackName = stack.name();
    PipelineRef pipeline = r.pipeline();
    String failure = failures.firstFailure(r.cfn(), stack);
    if (!recreateBudget.tryAcquire(stackName, pipeline.uid(), pipeline.generation())) {
      return r.outcome(
              Phase.STALLED,
              Reason.CREATE_FAILED,
              stackName
                  + " failed to create "
                  + recreateBudget.maxAttempts()
                  + " more time(s) after the first: "
                  + failure)
          .withFailure(failure);
    }
    r.cfn().deleteStack(stackName, Set.of(), pipeline.cloudFormationRoleArn());
    r.aws().stacks().changed(stackName);
    r.notices()
        .add(
            Notice.warning(
                Reason.RECREATING_STACK,
                stackName
                    + " failed to create ("
                    + failure
                    + "); deleting it to create it again, attempt "
                    + recreateBudget.used(stackName, pipeline.uid(), pipeline.generation())
                    + " of "
                    + recreateBudget.maxAttempts()));
    return r.outcome(Phase.IN_PROGRESS, Reason.RECREATING_FAILED_STACK, failure)
        .withFailure(failure);
  }

  private StackOutcome update(Request r, StackView stack) {
    String stackName = stack.name();
    StackStatus previous = r.previous();
    DesiredStack desired = r.desired();
    List<Notice> notices = r.notices();
    boolean deployed = previous != null && desired.hash().equals(previous.templateHash);
    boolean revert = deployed && DriftRevert.wanted(r.pipeline(), previous);
    if (deployed && !revert) {
      return r.ready(stack);
    }
    CloudFormationApi cfn = r.cfn();
    String changeSet = revert ? DriftRevert.changeSetName(previous, desired) : changeSetName(r);
    supersede(r, changeSet);
    Optional<ChangeSetView> found = cfn.describeChangeSet(stackName, changeSet);
    if (found.isEmpty()) {
      createChangeSet(r, changeSet, false, revert);
      return revert
          ? r.outcome(
              Phase.IN_PROGRESS,
              Reason.REVERTING_DRIFT,
              "preparing the revert of drifted resources of " + stackName)
          : r.outcome(Phase.IN_PROGRESS, Reason.UPDATING, "preparing update of " + stackName);
    }
    ChangeSetView cs = found.get();
    if (cs.beingCreated() || cs.executing()) {
      return r.outcome(Phase.IN_PROGRESS, Reason.UPDATING, "updating " + stackName);
    }
    if (cs.hasNoChanges()) {
      // "No updates are to be performed" is success; the empty change set is just clutter.
      cfn.deleteChangeSet(stackName, changeSet);
      // An approved change set may have run under another name: its lifted policy goes too.
      guard(r, stackName);
      return r.ready(stack);
    }
    if ((cs.failed() || cs.obsolete()) && remade(r, cs, false)) {
      return r.outcome(Phase.IN_PROGRESS, Reason.UPDATING, "preparing update of " + stackName);
    }
    if (cs.failed() || cs.obsolete()) {
      notices.add(Notice.warning(Reason.STACK_FAILED, stackName + ": " + describe(cs)));
      return r.outcome(Phase.STALLED, Reason.CHANGE_SET_FAILED, describe(cs));
    }
    if (cs.executable()) {
      ChangeSetGate.Decision decision = ChangeSetGate.decide(r.pipeline(), changeSet, cs);
      if (!decision.execute()) {
        return awaitingApproval(r, changeSet, cs, decision);
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
      r.aws().stacks().changed(stackName);
      notices.add(Notice.normal(Reason.STACK_UPDATING, "updating stack " + stackName));
      StackOutcome updating =
          r.outcome(Phase.IN_PROGRESS, Reason.UPDATING, "updating " + stackName);
      return decision.approved() ? updating.withApproved(changeSet) : updating;
    }
    boolean rolledBack =
        cs.executionFailed() || StackStates.UPDATE_ROLLBACK_COMPLETE.equals(stack.status());
    if (rolledBack) {
      guard(r, stackName);
      String failure = failures.firstFailure(cfn, stack);
      notices.add(
          Notice.warning(Reason.STACK_UPDATE_FAILED, stackName + " rolled back: " + failure));
      return r.outcome(
              Phase.STALLED,
              Reason.UPDATE_ROLLED_BACK,
              "the update of " + stackName + " failed and was rolled back: " + failure)
          .withFailure(failure);
    }
    if (cs.executed()) {
      guard(r, stackName);
      notices.add(
          Notice.normal(
              previous == null || previous.templateHash == null
                  ? Reason.STACK_CREATED
                  : Reason.STACK_UPDATED,
              stackName + " is " + stack.status()));
      return r.ready(stack);
    }
    return r.outcome(
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
  private boolean remade(Request r, ChangeSetView cs, boolean create) {
    String stackName = r.stackName();
    if (!changeSetBudget.tryAcquire(
        "changeset/" + stackName, r.pipeline().uid(), r.pipeline().generation())) {
      return false;
    }
    r.cfn().deleteChangeSet(stackName, cs.name());
    createChangeSet(r, create);
    r.notices()
        .add(
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

  private static void createChangeSet(Request r, boolean create) {
    createChangeSet(r, r.changeSetName(), create, false);
  }

  private static void createChangeSet(
      Request r, String changeSetName, boolean create, boolean revertDrift) {
    var spec = r.desired().spec();
    String url = r.templateUrl().get();
    r.cfn()
        .createChangeSet(
            new ChangeSetRequest(
                spec.stackName(),
                changeSetName,
                create,
                url == null ? spec.templateBody() : null,
                url,
                r.desired().parameters(),
                spec.tags(),
                spec.capabilities(),
                r.pipeline().cloudFormationRoleArn(),
                revertDrift,
                Set.of()));
    r.aws().stacks().changed(spec.stackName());
  }

  /**
   * The change set for this content: the one already waiting for approval when its content is still
   * the desired one (a new generation that changes nothing deployable, such as setting
   * spec.approvedChangeSet, must not rename what a person is approving), else this generation's.
   */
  private static String changeSetName(Request r) {
    StackStatus previous = r.previous();
    if (previous != null
        && previous.pendingChangeSet != null
        && previous.pendingChangeSet.name != null
        && previous.pendingChangeSet.name.endsWith("-" + r.desired().hash())) {
      return previous.pendingChangeSet.name;
    }
    return r.changeSetName();
  }

  /** A waiting change set the spec moved on from is deleted, so nobody executes a stale preview. */
  private static void supersede(Request r, String changeSet) {
    StackStatus previous = r.previous();
    if (previous == null
        || previous.pendingChangeSet == null
        || previous.pendingChangeSet.name == null
        || previous.pendingChangeSet.name.equals(changeSet)) {
      return;
    }
    String stackName = r.stackName();
    r.cfn().deleteChangeSet(stackName, previous.pendingChangeSet.name);
    r.notices()
        .add(
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

  private static StackOutcome awaitingApproval(
      Request r, String changeSet, ChangeSetView cs, ChangeSetGate.Decision decision) {
    StackStatus previous = r.previous();
    boolean data = decision.waitReason() == Reason.DATA_REPLACEMENT;
    String why =
        data
            ? "would replace or remove data: " + DataResources.describe(decision.destructive())
            : ChangeSetSummary.line(cs);
    String message =
        "change set "
            + changeSet
            + " of "
            + r.stackName()
            + " waits for approval ("
            + why
            + "); approve with `kubectl annotate dp "
            + r.pipeline().name()
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
      r.notices()
          .add(
              data
                  ? Notice.warning(Reason.DATA_REPLACEMENT, message)
                  : Notice.normal(Reason.AWAITING_APPROVAL, message));
    }
    return r.outcome(Phase.PENDING_APPROVAL, decision.waitReason(), message)
        .withPending(ChangeSetSummary.pending(changeSet, cs, decision.waitReason().id()));
  }

  /** Puts the data stack's guard policy back (after creation, or once an approved change ran). */
  private static void guard(Request r, String stackName) {
    if (!r.pipeline().changeControl().guardDataResources()) {
      return;
    }
    StackPolicies.guard(r.desired().spec().templateBody())
        .ifPresent(policy -> StackPolicies.apply(r.cfn(), stackName, policy));
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
