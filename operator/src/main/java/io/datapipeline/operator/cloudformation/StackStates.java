package io.datapipeline.operator.cloudformation;

import java.util.Set;

/** What CloudFormation's stack status strings mean to the operator. */
public final class StackStates {

  public static final String REVIEW_IN_PROGRESS = "REVIEW_IN_PROGRESS";
  public static final String CREATE_COMPLETE = "CREATE_COMPLETE";
  public static final String UPDATE_COMPLETE = "UPDATE_COMPLETE";
  public static final String ROLLBACK_COMPLETE = "ROLLBACK_COMPLETE";
  public static final String ROLLBACK_FAILED = "ROLLBACK_FAILED";
  public static final String UPDATE_ROLLBACK_COMPLETE = "UPDATE_ROLLBACK_COMPLETE";
  public static final String UPDATE_ROLLBACK_FAILED = "UPDATE_ROLLBACK_FAILED";
  public static final String DELETE_FAILED = "DELETE_FAILED";
  public static final String DELETE_COMPLETE = "DELETE_COMPLETE";
  public static final String IMPORT_COMPLETE = "IMPORT_COMPLETE";
  public static final String IMPORT_ROLLBACK_COMPLETE = "IMPORT_ROLLBACK_COMPLETE";

  /** States from which an update can be started. */
  private static final Set<String> SETTLED =
      Set.of(
          CREATE_COMPLETE,
          UPDATE_COMPLETE,
          UPDATE_ROLLBACK_COMPLETE,
          IMPORT_COMPLETE,
          IMPORT_ROLLBACK_COMPLETE);

  private StackStates() {}

  /** CloudFormation is working on it: wait, don't act (REVIEW_IN_PROGRESS waits on us). */
  public static boolean inProgress(String status) {
    return status != null && status.endsWith("_IN_PROGRESS") && !REVIEW_IN_PROGRESS.equals(status);
  }

  public static boolean settled(String status) {
    return SETTLED.contains(status);
  }

  /** A failed or rolled back state: the stack needs attention, and its events say why. */
  public static boolean failed(String status) {
    return status != null && (status.endsWith("_FAILED") || status.contains("ROLLBACK"));
  }
}
