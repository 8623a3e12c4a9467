package io.datapipeline.operator.status;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.conditions.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Condition {@code Drifted} from the stacks' drift entries: True while any stack's resources differ
 * from its template; under driftPolicy Revert the reason says whether the revert is under way
 * ({@code RevertingDrift}) or failed ({@code RevertFailed}).
 */
public final class DriftCondition {

  private DriftCondition() {}

  /** Sets {@code Drifted} on {@code status} (merged with the previous one per the conventions). */
  public static void apply(
      DataPipelineStatus status,
      DataPipelineStatus previous,
      boolean revert,
      long generation,
      Instant now) {
    Conditions.Desired desired = desired(status.stacks, revert);
    List<Condition> merged =
        Conditions.merge(
            previous == null ? null : previous.conditions, List.of(desired), generation, now);
    List<Condition> conditions = new ArrayList<>(status.conditions);
    conditions.removeIf(c -> ConditionType.DRIFTED.id().equals(c.type));
    conditions.addAll(merged);
    status.conditions = conditions;
  }

  static Conditions.Desired desired(List<StackStatus> stacks, boolean revert) {
    List<String> drifted = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    boolean unchecked = false;
    for (StackStatus s : stacks) {
      if (s.drift == null || "NOT_CHECKED".equals(s.drift.status) || s.drift.status == null) {
        unchecked = true;
        continue;
      }
      if ("DRIFTED".equals(s.drift.status) || "REVERTED".equals(s.drift.status)) {
        int resources = s.drift.resources == null ? 0 : s.drift.resources.size();
        drifted.add(s.stackName + " (" + resources + " resource(s))");
        if (s.drift.reason != null) {
          failed.add(s.stackName + ": " + s.drift.reason);
        }
      }
    }
    if (!drifted.isEmpty()) {
      String message = "drifted from their templates: " + String.join(", ", drifted);
      if (!revert) {
        return cond(true, Reason.STACK_DRIFTED, message);
      }
      return failed.isEmpty()
          ? cond(true, Reason.REVERTING_DRIFT, message)
          : cond(true, Reason.REVERT_FAILED, message + "; " + String.join("; ", failed));
    }
    return unchecked
        ? cond(false, Reason.NOT_CHECKED, "drift not detected yet")
        : cond(false, Reason.IN_SYNC, "every stack matches its template");
  }

  private static Conditions.Desired cond(boolean status, Reason reason, String message) {
    return new Conditions.Desired(ConditionType.DRIFTED.id(), status, reason.id(), message);
  }
}
