package io.datapipeline.operator.status;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.StackQuotaUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Condition {@code StackQuotaNearing} from the stack quota usage of the pipeline's account and
 * region: True from the warning threshold on. While the usage is unknown (quota not readable yet)
 * the last word stands, and a pipeline that never had one gets none.
 */
public final class StackQuotaCondition {

  private StackQuotaCondition() {}

  /**
   * Sets {@code StackQuotaNearing} on {@code status} (merged with the previous one per the
   * conventions).
   *
   * @return true when the condition just turned True (worth a Warning Event)
   */
  public static boolean apply(
      DataPipelineStatus status,
      DataPipelineStatus previous,
      Optional<StackQuotaUsage> usage,
      long generation,
      Instant now) {
    List<Condition> before = previous == null ? null : previous.conditions;
    Condition was = Conditions.find(before, ConditionType.STACK_QUOTA_NEARING.id());
    Conditions.Desired desired;
    if (usage.isPresent()) {
      desired = desired(usage.get());
    } else if (was != null) {
      desired =
          new Conditions.Desired(was.type, "True".equals(was.status), was.reason, was.message);
    } else {
      return false;
    }
    List<Condition> merged = Conditions.merge(before, List.of(desired), generation, now);
    List<Condition> conditions = new ArrayList<>(status.conditions);
    conditions.removeIf(c -> ConditionType.STACK_QUOTA_NEARING.id().equals(c.type));
    conditions.addAll(merged);
    status.conditions = conditions;
    return desired.status() && (was == null || !"True".equals(was.status));
  }

  static Conditions.Desired desired(StackQuotaUsage usage) {
    String counts =
        usage.stacks()
            + " of "
            + usage.limit()
            + " stacks ("
            + usage.percent()
            + "%) of the account/region's CloudFormation quota";
    return usage.nearing()
        ? new Conditions.Desired(
            ConditionType.STACK_QUOTA_NEARING.id(),
            true,
            Reason.STACK_QUOTA_NEARING.id(),
            counts + ", at or over the warning threshold of " + usage.thresholdPercent() + "%")
        : new Conditions.Desired(
            ConditionType.STACK_QUOTA_NEARING.id(),
            false,
            Reason.STACK_QUOTA_AVAILABLE.id(),
            counts + ", below the warning threshold of " + usage.thresholdPercent() + "%");
  }
}
