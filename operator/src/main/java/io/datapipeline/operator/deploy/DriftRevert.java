package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.DriftStatus;
import io.datapipeline.api.v1alpha1.StackStatus;
import java.time.Instant;

/**
 * When a stack deployed as desired is to be brought back from drift (spec.driftPolicy: Revert): its
 * last detection found it DRIFTED and no revert of that detection has been tried yet.
 */
public final class DriftRevert {

  /** The drift status set once a revert change set ran: detection confirms it next. */
  public static final String REVERTED = "REVERTED";

  public static final String DRIFTED = "DRIFTED";

  private DriftRevert() {}

  public static boolean wanted(PipelineRef pipeline, StackStatus previous) {
    if (!pipeline.changeControl().revertDrift() || previous == null || previous.drift == null) {
      return false;
    }
    DriftStatus drift = previous.drift;
    return DRIFTED.equals(drift.status) && drift.reason == null && drift.checkedAt != null;
  }

  /** One name per detection, so an approval names the revert of exactly what was found. */
  static String changeSetName(StackStatus previous, DesiredStack desired) {
    return "dp-revert-"
        + Instant.parse(previous.drift.checkedAt).getEpochSecond()
        + "-"
        + desired.hash();
  }
}
