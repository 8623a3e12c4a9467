package io.datapipeline.operator.cloudformation;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CloudFormation calls the operator makes, for one account and region. One implementation talks
 * to AWS through the SDK; a programmable in-memory one serves the fast tests.
 *
 * <p>Failures surface as {@link CloudFormationException}, already classified (throttled, terminal,
 * retryable), so callers never inspect SDK error codes.
 */
public interface CloudFormationApi {

  /** Every live stack of the account and region, all pages (the shared poller's one call). */
  List<StackView> describeStacks();

  /** One stack by name; empty when it does not exist (or is DELETE_COMPLETE). */
  Optional<StackView> describeStack(String stackName);

  /**
   * Creates a change set. A change set of the same name on the same stack already existing is not
   * an error: names are deterministic, so it is the one asked for.
   */
  void createChangeSet(ChangeSetRequest request);

  /**
   * The template the stack was last deployed with, as submitted (stage Original); empty when the
   * stack does not exist.
   */
  Optional<String> getTemplate(String stackName);

  /** The change set, or empty when no change set of that name exists on that stack. */
  Optional<ChangeSetView> describeChangeSet(String stackName, String changeSetName);

  void executeChangeSet(String stackName, String changeSetName);

  void deleteChangeSet(String stackName, String changeSetName);

  /**
   * The stack's most recent events, newest first (one page is enough to find a failure). {@code
   * stackName} may be the stack id, which also finds a deleted stack's events.
   */
  List<StackEvent> describeStackEvents(String stackName);

  /**
   * Deletes the stack, keeping {@code retainResources} (logical ids; only honoured by
   * CloudFormation for a stack in DELETE_FAILED).
   */
  void deleteStack(String stackName, Set<String> retainResources, String roleArn);

  /**
   * Replaces the stack's policy (a stack policy cannot be removed, only replaced): CloudFormation
   * refuses stack updates the policy denies, whoever starts them.
   */
  void setStackPolicy(String stackName, String policyBody);

  /** The stack's policy body; empty when none was ever set. */
  Optional<String> getStackPolicy(String stackName);

  /** Starts drift detection of the stack's resources; returns the detection id. */
  String detectStackDrift(String stackName);

  /** The detection's progress and result; empty when CloudFormation no longer knows the id. */
  Optional<DriftDetection> describeStackDriftDetectionStatus(String detectionId);

  /** The stack's resources found MODIFIED or DELETED by the last detection. */
  List<ResourceDrift> describeStackResourceDrifts(String stackName);

  /** Takes a stack out of UPDATE_ROLLBACK_FAILED, skipping the resources that cannot roll back. */
  void continueUpdateRollback(String stackName, Set<String> resourcesToSkip, String roleArn);
}
