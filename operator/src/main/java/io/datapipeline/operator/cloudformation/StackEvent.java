package io.datapipeline.operator.cloudformation;

import java.time.Instant;

/** One stack event: a resource (or the stack itself) changing status. */
public record StackEvent(
    Instant timestamp,
    String logicalResourceId,
    String resourceType,
    String resourceStatus,
    String resourceStatusReason) {

  public boolean isFailure() {
    return resourceStatus != null && resourceStatus.endsWith("_FAILED");
  }

  public boolean isStackItself() {
    return "AWS::CloudFormation::Stack".equals(resourceType);
  }
}
