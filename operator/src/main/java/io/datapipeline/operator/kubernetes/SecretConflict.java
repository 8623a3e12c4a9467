package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.controller.PipelineController;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.status.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Secret named {@code <name>-connection} that the pipeline does not own: the pipeline is Stalled
 * with reason SecretConflict (the stacks themselves may be fine) and the Secret is left as it is.
 */
final class SecretConflict {

  private SecretConflict() {}

  static PipelineController.Result stall(PipelineController.Result result, DataPipeline pipeline) {
    String message =
        "Secret "
            + ConnectionSecret.name(pipeline)
            + " exists and is not owned by this DataPipeline; it is left untouched. Delete or"
            + " rename it so the operator can publish the outputs there";
    DataPipelineStatus status = result.status();
    List<Conditions.Desired> desired = new ArrayList<>();
    for (Condition c : status.conditions) {
      if (ConditionType.READY.id().equals(c.type)) {
        desired.add(new Conditions.Desired(c.type, false, Reason.SECRET_CONFLICT.id(), message));
      } else if (ConditionType.STALLED.id().equals(c.type)) {
        desired.add(new Conditions.Desired(c.type, true, Reason.SECRET_CONFLICT.id(), message));
      } else {
        desired.add(new Conditions.Desired(c.type, "True".equals(c.status), c.reason, c.message));
      }
    }
    long generation = status.observedGeneration == null ? 0 : status.observedGeneration;
    status.conditions =
        Conditions.merge(
            pipeline.getStatus() == null ? null : pipeline.getStatus().conditions,
            desired,
            generation,
            Instant.now());
    status.connectionSecret = null;
    List<Notice> notices = new ArrayList<>(result.notices());
    Condition before =
        pipeline.getStatus() == null
            ? null
            : Conditions.find(pipeline.getStatus().conditions, ConditionType.STALLED.id());
    if (before == null || !Reason.SECRET_CONFLICT.id().equals(before.reason)) {
      notices.add(Notice.warning(Reason.SECRET_CONFLICT, message)); // once, not every reconcile
    }
    return new PipelineController.Result(status, notices, result.requeueAfter());
  }
}
