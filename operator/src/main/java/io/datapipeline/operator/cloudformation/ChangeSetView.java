package io.datapipeline.operator.cloudformation;

import java.util.List;

/**
 * A change set as DescribeChangeSet reports it.
 *
 * @param status CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, DELETE_*, FAILED
 * @param executionStatus UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE,
 *     EXECUTE_FAILED, OBSOLETE
 * @param changes number of resource changes
 * @param replacements logical ids of resources the change set replaces
 * @param resourceChanges every resource change, in CloudFormation's order
 */
public record ChangeSetView(
    String name,
    String status,
    String executionStatus,
    String statusReason,
    int changes,
    List<String> replacements,
    List<ResourceChange> resourceChanges) {

  public ChangeSetView {
    replacements = List.copyOf(replacements);
    resourceChanges = List.copyOf(resourceChanges);
  }

  /** A change set known only by its counts (no per-resource preview). */
  public ChangeSetView(
      String name,
      String status,
      String executionStatus,
      String statusReason,
      int changes,
      List<String> replacements) {
    this(name, status, executionStatus, statusReason, changes, replacements, List.of());
  }

  public boolean beingCreated() {
    return "CREATE_PENDING".equals(status) || "CREATE_IN_PROGRESS".equals(status);
  }

  /** CloudFormation refused to create it because the stack already matches. */
  public boolean hasNoChanges() {
    return "FAILED".equals(status)
        && statusReason != null
        && (statusReason.contains("didn't contain changes")
            || statusReason.contains("No updates are to be performed"));
  }

  public boolean failed() {
    return "FAILED".equals(status) && !hasNoChanges();
  }

  public boolean executable() {
    return "CREATE_COMPLETE".equals(status) && "AVAILABLE".equals(executionStatus);
  }

  public boolean executed() {
    return "EXECUTE_COMPLETE".equals(executionStatus);
  }

  /** The stack changed after the change set was made: it can no longer be executed. */
  public boolean obsolete() {
    return "OBSOLETE".equals(executionStatus);
  }

  public boolean executing() {
    return "EXECUTE_IN_PROGRESS".equals(executionStatus);
  }

  public boolean executionFailed() {
    return "EXECUTE_FAILED".equals(executionStatus);
  }
}
