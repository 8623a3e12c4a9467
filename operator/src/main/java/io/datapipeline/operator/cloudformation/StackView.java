package io.datapipeline.operator.cloudformation;

import java.time.Instant;
import java.util.Map;

/**
 * A stack as DescribeStacks reports it.
 *
 * @param status CloudFormation's stack status, e.g. CREATE_COMPLETE
 * @param lastUpdated last update (or creation) time
 */
public record StackView(
    String name,
    String id,
    String status,
    String statusReason,
    Map<String, String> outputs,
    Map<String, String> tags,
    Instant lastUpdated) {

  public StackView {
    outputs = Map.copyOf(outputs);
    tags = Map.copyOf(tags);
  }

  public boolean inProgress() {
    return StackStates.inProgress(status);
  }
}
