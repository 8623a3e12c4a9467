package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.render.Component;

/**
 * The result of one reconcile step for one stack.
 *
 * @param stack what CloudFormation last reported, or null when the stack does not exist
 * @param appliedHash hash of the template and parameters now deployed, when known
 * @param reason the reason of the component's condition
 * @param failure the first failing resource and its reason, when the stack failed
 * @param pending a change set waiting for approval, or null
 * @param approvedChangeSet the change set executed this step because a person approved it by name,
 *     or null
 */
public record StackOutcome(
    Component component,
    String stackName,
    Phase phase,
    Reason reason,
    String message,
    StackView stack,
    String appliedHash,
    String failure,
    StackStatus.PendingChangeSet pending,
    String approvedChangeSet) {

  static StackOutcome of(
      Component component, String stackName, Phase phase, Reason reason, String message) {
    return new StackOutcome(
        component, stackName, phase, reason, message, null, null, null, null, null);
  }

  StackOutcome withStack(StackView view) {
    return withDetails(view, appliedHash, failure, pending, approvedChangeSet);
  }

  StackOutcome withAppliedHash(String hash) {
    return withDetails(stack, hash, failure, pending, approvedChangeSet);
  }

  StackOutcome withFailure(String firstFailure) {
    return withDetails(stack, appliedHash, firstFailure, pending, approvedChangeSet);
  }

  StackOutcome withPending(StackStatus.PendingChangeSet changeSet) {
    return withDetails(stack, appliedHash, failure, changeSet, approvedChangeSet);
  }

  StackOutcome withApproved(String changeSetName) {
    return withDetails(stack, appliedHash, failure, pending, changeSetName);
  }

  /** The same step's outcome (component, phase, reason, message) with other details. */
  private StackOutcome withDetails(
      StackView stack,
      String appliedHash,
      String failure,
      StackStatus.PendingChangeSet pending,
      String approvedChangeSet) {
    return new StackOutcome(
        component,
        stackName,
        phase,
        reason,
        message,
        stack,
        appliedHash,
        failure,
        pending,
        approvedChangeSet);
  }
}
