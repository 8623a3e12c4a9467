package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.controller.PipelineController;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.metrics.OperatorMetrics;
import io.datapipeline.operator.status.StatusDiff;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework adapter: runs {@link PipelineController}, then applies what it decided (status
 * patch only when changed, connection Secret, Events, metrics, when to look again). The finalizer
 * that makes deletion wait for the stacks comes with {@link Cleaner}.
 */
public final class DataPipelineReconciler
    implements Reconciler<DataPipeline>, Cleaner<DataPipeline> {

  private static final Logger LOG = LoggerFactory.getLogger(DataPipelineReconciler.class);

  private final PipelineController controller;
  private final KubernetesEvents events;
  private final ConnectionSecrets secrets;
  private final OperatorMetrics metrics;
  private final StackChangeEventSource stackChanges;
  private final KubernetesTenants tenants;
  private final StatusWriter statusWriter;

  /**
   * @param tenants under TENANCY=Enforced, the tenants whose changes reconcile pipelines again;
   *     null under Open
   * @param statusWriter writes the status a reconcile decided (never JOSDK's status patch, see
   *     {@link StatusWriter})
   */
  public DataPipelineReconciler(
      PipelineController controller,
      KubernetesEvents events,
      ConnectionSecrets secrets,
      OperatorMetrics metrics,
      StackChangeEventSource stackChanges,
      KubernetesTenants tenants,
      StatusWriter statusWriter) {
    this.tenants = tenants;
    this.statusWriter = statusWriter;
    this.controller = controller;
    this.events = events;
    this.secrets = secrets;
    this.metrics = metrics;
    this.stackChanges = stackChanges;
  }

  @Override
  public List<EventSource<?, DataPipeline>> prepareEventSources(
      EventSourceContext<DataPipeline> context) {
    if (tenants == null) {
      return List.of(stackChanges);
    }
    tenants.watchPipelines(context.getPrimaryCache());
    return List.of(stackChanges, tenants);
  }

  @Override
  public UpdateControl<DataPipeline> reconcile(
      DataPipeline pipeline, Context<DataPipeline> context) {
    StatusDiff.Snapshot before = StatusDiff.snapshot(pipeline.getStatus());
    PipelineController.Result result = controller.reconcile(pipeline);
    String key = pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
    if (result.status().outputs != null && !Boolean.TRUE.equals(pipeline.getSpec().suspend)) {
      ConnectionSecrets.Outcome secret = secrets.apply(pipeline, result.status().outputs);
      if (secret == ConnectionSecrets.Outcome.WRITTEN) {
        LOG.info("{}: connection secret {} written", key, ConnectionSecret.name(pipeline));
      } else if (secret == ConnectionSecrets.Outcome.CONFLICT) {
        result = SecretConflict.stall(result, pipeline);
      }
    }
    for (Notice notice : result.notices()) {
      LOG.info("{}: {} {}", key, notice.reason().id(), notice.message());
      events.publish(pipeline, notice);
    }
    Map<String, String> conditions = new LinkedHashMap<>();
    for (Condition c : result.status().conditions) {
      conditions.put(c.type, c.status);
    }
    metrics.pipeline(key, conditions);
    metrics.reconciliation(outcome(conditions));
    if (before.changedTo(result.status())) {
      statusWriter.write(pipeline, result.status(), context);
    }
    UpdateControl<DataPipeline> control = UpdateControl.noUpdate();
    result.requeueAfter().ifPresent(d -> control.rescheduleAfter(d.toMillis()));
    return control;
  }

  /**
   * A reconcile threw (a defect: AWS failures are classified and never get here). The framework
   * retries with backoff; the status says what happened instead of only the log.
   */
  @Override
  public ErrorStatusUpdateControl<DataPipeline> updateErrorStatus(
      DataPipeline pipeline, Context<DataPipeline> context, Exception error) {
    LOG.error(
        "{}/{}: reconcile failed",
        pipeline.getMetadata().getNamespace(),
        pipeline.getMetadata().getName(),
        error);
    StatusDiff.Snapshot before = StatusDiff.snapshot(pipeline.getStatus());
    DataPipelineStatus status = controller.failed(pipeline, error);
    if (!before.changedTo(status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    try {
      // Through the same StatusWriter as a reconcile's status: JOSDK's own patch would diff against
      // the possibly stale copy it was given and keep fields of both.
      pipeline.setStatus(statusWriter.write(pipeline, status, context).getStatus());
    } catch (RuntimeException e) {
      LOG.warn(
          "{}/{}: writing the error status: {} (the retry writes it again)",
          pipeline.getMetadata().getNamespace(),
          pipeline.getMetadata().getName(),
          e.getMessage());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  @Override
  public DeleteControl cleanup(DataPipeline pipeline, Context<DataPipeline> context) {
    PipelineController.Cleanup cleanup = controller.cleanup(pipeline);
    String key = pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
    for (Notice notice : cleanup.notices()) {
      LOG.info("{}: {} {}", key, notice.reason().id(), notice.message());
      events.publish(pipeline, notice);
    }
    if (!cleanup.done() && cleanup.status() != null) {
      writeDeletionStatus(pipeline, cleanup.status(), context, key);
    }
    if (cleanup.done()) {
      metrics.forgetPipeline(key);
      secrets.forget(pipeline);
      metrics.reconciliation("deleted");
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(cleanup.requeueAfter().toMillis());
  }

  /**
   * A pipeline being deleted is not reconciled, so what its deletion must remember across a restart
   * (the retry budgets, the stack deletions) is written here, whole, through the same {@link
   * StatusWriter} as a reconcile's status (the merge patch used before kept on the server every
   * field the new status no longer had). Best effort: if the write fails, the budget still holds in
   * this process, and the next step tries again.
   */
  private void writeDeletionStatus(
      DataPipeline pipeline, DataPipelineStatus status, Context<DataPipeline> context, String key) {
    try {
      statusWriter.write(pipeline, status, context);
      pipeline.setStatus(status);
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: could not record the deletion's retry budgets in the status: {}", key, e.toString());
    }
  }

  private static String outcome(Map<String, String> conditions) {
    if ("True".equals(conditions.get(ConditionType.STALLED.id()))) {
      return "stalled";
    }
    if ("True".equals(conditions.get(ConditionType.SUSPENDED.id()))) {
      return "suspended";
    }
    if ("True".equals(conditions.get(ConditionType.READY.id()))) {
      return "ready";
    }
    return "progressing";
  }
}
