package io.datapipeline.operator.status;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.DataPathReader.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Condition {@code DataPathHealthy}: True while no file failed in the last hour and the failure
 * queue is empty; False, with the counts and the oldest failure's age, otherwise. Without a new
 * reading the last word stands.
 */
public final class DataPathCondition {

  private DataPathCondition() {}

  /** Sets {@code DataPathHealthy} from {@code reading}, or keeps the previous one when null. */
  public static void apply(
      DataPipelineStatus status,
      DataPipelineStatus previous,
      Reading reading,
      long generation,
      Instant now) {
    List<Condition> prior = previous == null ? null : previous.conditions;
    Conditions.Desired desired;
    if (reading != null) {
      desired = desired(reading);
    } else {
      Condition last = Conditions.find(prior, ConditionType.DATA_PATH_HEALTHY.id());
      if (last == null) {
        return; // not read yet: no condition rather than a guess
      }
      desired =
          new Conditions.Desired(last.type, "True".equals(last.status), last.reason, last.message);
    }
    List<Condition> merged = Conditions.merge(prior, List.of(desired), generation, now);
    List<Condition> conditions = new ArrayList<>(status.conditions);
    conditions.removeIf(c -> ConditionType.DATA_PATH_HEALTHY.id().equals(c.type));
    conditions.addAll(merged);
    status.conditions = conditions;
  }

  static Conditions.Desired desired(Reading reading) {
    String type = ConditionType.DATA_PATH_HEALTHY.id();
    if (reading.healthy()) {
      return new Conditions.Desired(
          type,
          true,
          Reason.NO_FAILED_FILES.id(),
          "no file failed in the last hour; the failure queue is empty");
    }
    String message =
        reading.filesFailedLastHour()
            + " file(s) failed in the last hour; "
            + reading.failuresWaiting()
            + " failure(s) wait in the failure queue";
    if (reading.failuresWaiting() > 0 && reading.oldestWaiting() != null) {
      message += ", the oldest for " + human(reading.oldestWaiting());
    }
    return new Conditions.Desired(type, false, Reason.FILES_FAILING.id(), message);
  }

  /** {@code 2h 5m}, {@code 3m 10s}, {@code 4d 1h}: an age as a person reads it. */
  static String human(Duration age) {
    long s = Math.max(0, age.getSeconds());
    if (s >= 86_400) {
      return s / 86_400 + "d " + (s % 86_400) / 3600 + "h";
    }
    if (s >= 3600) {
      return s / 3600 + "h " + (s % 3600) / 60 + "m";
    }
    return s / 60 + "m " + s % 60 + "s";
  }
}
