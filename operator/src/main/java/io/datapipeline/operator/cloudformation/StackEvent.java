package io.datapipeline.operator.cloudformation;

import java.time.Instant;

/**
 * One stack event: a resource (or the stack itself) changing status.
 *
 * @param physicalResourceId the resource's name or ARN in its service, or null when unknown
 */
public record StackEvent(
    Instant timestamp,
    String logicalResourceId,
    String resourceType,
    String resourceStatus,
    String resourceStatusReason,
    String physicalResourceId) {

  public StackEvent(
      Instant timestamp,
      String logicalResourceId,
      String resourceType,
      String resourceStatus,
      String resourceStatusReason) {
    this(timestamp, logicalResourceId, resourceType, resourceStatus, resourceStatusReason, null);
  }

  public boolean isFailure() {
    return resourceStatus != null && resourceStatus.endsWith("_FAILED");
  }

  public boolean isStackItself() {
    return "AWS::CloudFormation::Stack".equals(resourceType);
  }
}
