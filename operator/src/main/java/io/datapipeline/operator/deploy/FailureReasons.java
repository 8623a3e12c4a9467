package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.StackEvent;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds in a stack's events why it failed: the first resource that failed, not the cascade. */
final class FailureReasons {

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

  /** Logical ids of resources whose deletion failed (to retain on the next attempt). */
  static Set<String> failedDeletions(CloudFormationApi api, String stackName) {
    Set<String> ids = new LinkedHashSet<>();
    // Newest first: only the latest delete attempt counts (it started with the stack's own
    // DELETE_IN_PROGRESS event); resources an earlier attempt failed on may be gone since.
    for (StackEvent e : api.describeStackEvents(stackName)) {
      if (e.isStackItself() && "DELETE_IN_PROGRESS".equals(e.resourceStatus())) {
        break;
      }
      if ("DELETE_FAILED".equals(e.resourceStatus()) && !e.isStackItself()) {
        ids.add(e.logicalResourceId());
      }
    }
    return ids;
  }
}
