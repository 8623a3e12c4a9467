package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.ResourceChange;
import io.datapipeline.operator.conditions.Reason;
import java.util.List;

/**
 * Decides whether an executable change set may run now: under updatePolicy Manual every change set,
 * and under the replacement guard every change set that would replace or remove a data resource,
 * runs only once a person approved it by its exact name.
 */
final class ChangeSetGate {

  /**
   * @param execute run it now
   * @param approved it runs because a person approved it by name
   * @param waitReason why it waits (when not executed)
   * @param destructive its changes that replace or remove data resources
   */
  record Decision(
      boolean execute, boolean approved, Reason waitReason, List<ResourceChange> destructive) {}

  private ChangeSetGate() {}

  static Decision decide(PipelineRef pipeline, String changeSetName, ChangeSetView cs) {
    List<ResourceChange> destructive = DataResources.destructive(cs.resourceChanges());
    boolean guarded = pipeline.changeControl().guardDataResources() && !destructive.isEmpty();
    if (!pipeline.manualUpdates() && !guarded) {
      return new Decision(true, false, null, destructive);
    }
    if (pipeline.changeControl().approves(changeSetName)) {
      return new Decision(true, true, null, destructive);
    }
    return new Decision(
        false,
        false,
        guarded ? Reason.DATA_REPLACEMENT : Reason.CHANGE_SET_PENDING_APPROVAL,
        destructive);
  }
}
