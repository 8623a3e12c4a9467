package io.datapipeline.operator.status;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.api.v1alpha1.StackStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Condition {@code Drifted} from the stacks' drift entries: True while any stack's resources differ
 * from its template; under driftPolicy Revert the reason says whether the revert is under way
 * ({@code RevertingDrift}) or failed ({@code RevertFailed}).
 */
public final class DriftCondition {

  public static final String DRIFTED = "Drifted";

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
    conditions.removeIf(c -> DRIFTED.equals(c.type));
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
        return new Conditions.Desired(DRIFTED, true, "StackDrifted", message);
      }
      return failed.isEmpty()
          ? new Conditions.Desired(DRIFTED, true, "RevertingDrift", message)
          : new Conditions.Desired(
              DRIFTED, true, "RevertFailed", message + "; " + String.join("; ", failed));
    }
    return unchecked
        ? new Conditions.Desired(DRIFTED, false, "NotChecked", "drift not detected yet")
        : new Conditions.Desired(DRIFTED, false, "InSync", "every stack matches its template");
  }
}
