package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.StackEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Finds in a stack's events why it failed: the first resource that failed, not the cascade. */
final class FailureReasons {

  /**
   * Reasons a retry of the same delete fixes once AWS catches up: dependencies still detaching
   * (Lambda's network interfaces hold security groups and subnets for minutes), throttling, service
   * hiccups.
   */
  private static final List<String> TRANSIENT =
      List.of(
          "dependencyviolation",
          "has dependencies",
          "has a dependent object",
          "dependent object",
          "currently in use",
          "is in use",
          "in use by",
          "being used",
          "network interface",
          "throttling",
          "rate exceeded",
          "internalfailure",
          "internal failure",
          "service unavailable",
          "serviceunavailable",
          "timed out",
          "try again");

  /** Reasons that look transient but are not: a retry fails the same way until someone acts. */
  private static final List<String> PERMANENT =
      List.of("deletion protection", "not empty", "access denied", "not authorized");

  /** One resource whose deletion failed in the latest attempt. */
  record FailedDeletion(String logicalId, String type, String reason) {

    /** A retry will probably succeed (see {@link #TRANSIENT}). */
    boolean isTransient() {
      String text = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
      return PERMANENT.stream().noneMatch(text::contains)
          && TRANSIENT.stream().anyMatch(text::contains);
    }

    @Override
    public String toString() {
      return logicalId + " (" + type + "): " + reason;
    }
  }

  private FailureReasons() {}

  /** "Db (AWS::RDS::DBInstance): reason" for the earliest failed resource, or the stack reason. */
  static String firstFailure(CloudFormationApi api, String stackName, String fallback) {
    List<StackEvent> events = api.describeStackEvents(stackName);
    return events.stream()
        .filter(StackEvent::isFailure)
        .filter(e -> !e.isStackItself())
        .filter(e -> e.resourceStatusReason() != null)
        .filter(e -> !e.resourceStatusReason().contains("Resource creation cancelled"))
        .min(Comparator.comparing(StackEvent::timestamp))
        .map(
            e -> e.logicalResourceId() + " (" + e.resourceType() + "): " + e.resourceStatusReason())
        .orElse(fallback == null ? "no failure reason reported" : fallback);
  }

  /**
   * The resources whose deletion failed in the latest delete attempt, with CloudFormation's reason.
   */
  static List<FailedDeletion> failedDeletionsWithReasons(CloudFormationApi api, String stackName) {
    Map<String, FailedDeletion> failed = new LinkedHashMap<>();
    // Newest first: only the latest delete attempt counts (it started with the stack's own
    // DELETE_IN_PROGRESS event); resources an earlier attempt failed on may be gone since.
    for (StackEvent e : api.describeStackEvents(stackName)) {
      if (e.isStackItself() && "DELETE_IN_PROGRESS".equals(e.resourceStatus())) {
        break;
      }
      if ("DELETE_FAILED".equals(e.resourceStatus()) && !e.isStackItself()) {
        failed.putIfAbsent(
            e.logicalResourceId(),
            new FailedDeletion(e.logicalResourceId(), e.resourceType(), e.resourceStatusReason()));
      }
    }
    return new ArrayList<>(failed.values());
  }

  /**
   * Resources CloudFormation kept when it deleted the stack (DeletionPolicy Retain, or retained on
   * request), from the events of the deleted stack {@code stackId}, as "Logical (Type) arn".
   */
  static List<String> retainedResources(CloudFormationApi api, String stackId) {
    List<String> kept = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (StackEvent e : api.describeStackEvents(stackId)) {
      if ("DELETE_SKIPPED".equals(e.resourceStatus())
          && !e.isStackItself()
          && seen.add(e.logicalResourceId())) {
        kept.add(
            e.logicalResourceId()
                + " ("
                + e.resourceType()
                + ") "
                + ResourceArns.of(stackId, e.resourceType(), e.physicalResourceId()));
      }
      if (e.isStackItself() && "DELETE_IN_PROGRESS".equals(e.resourceStatus())) {
        // Resources retained on request are skipped in the last attempt; earlier ones are older.
        break;
      }
    }
    return kept;
  }
}
