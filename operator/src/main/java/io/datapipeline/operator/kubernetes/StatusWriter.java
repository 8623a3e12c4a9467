package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.RecentOperationCacheFiller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.function.Function;

/**
 * Writes the status a reconcile decided so that the API server then holds exactly that status,
 * whatever the copy of the pipeline the reconcile was given, and hands the written pipeline to
 * JOSDK's primary cache so that the next reconcile starts from it.
 *
 * <p>Why not JOSDK's own {@code UpdateControl.patchStatus}: JOSDK 5.2 does not cache a status
 * patch's result, so the next reconcile gets the informer's copy, which lags behind the API server
 * when the reconcile comes at once (a stack change seen while the previous reconcile ran) and the
 * watch event of the previous write has not arrived (a busy machine); and without server-side apply
 * its patch is a JSON Patch diffed against that copy, whose operations applied to the newer status
 * keep fields of both. Seen: a component's removal finished from a copy older than the "removing"
 * status, the diff changed Ready's message ("4 stacks complete") but not its status or reason (the
 * older copy had them already), so Ready stayed False with reason {@code RemovingComponent}, and
 * with nothing in progress no further reconcile came. Here the whole status is written either way:
 * server-side apply of it (force, the controller's field manager), or a JSON Patch of one operation
 * setting {@code /status}.
 */
public final class StatusWriter {

  private final boolean serverSideApply;
  private final Function<Context<DataPipeline>, RecentOperationCacheFiller<DataPipeline>> cache;

  /**
   * @param serverSideApply {@code SERVER_SIDE_APPLY}: apply the status; otherwise JSON Patch it (an
   *     API server without server-side apply, e.g. the tests' mock)
   */
  public StatusWriter(boolean serverSideApply) {
    this(serverSideApply, context -> context.eventSourceRetriever().getControllerEventSource());
  }

  /**
   * @param cache where the written pipeline goes so the next reconcile sees it (JOSDK's controller
   *     event source; tests: their own)
   */
  StatusWriter(
      boolean serverSideApply,
      Function<Context<DataPipeline>, RecentOperationCacheFiller<DataPipeline>> cache) {
    this.serverSideApply = serverSideApply;
    this.cache = cache;
  }

  /** Writes {@code status} onto {@code primary}'s pipeline; returns the pipeline as written. */
  public DataPipeline write(
      DataPipeline primary, DataPipelineStatus status, Context<DataPipeline> context) {
    DataPipeline target = new DataPipeline();
    target.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(primary.getMetadata().getNamespace())
            .withName(primary.getMetadata().getName())
            .build());
    var resource = context.getClient().resource(target).subresource("status");
    DataPipeline written;
    if (serverSideApply) {
      target.setStatus(status);
      written =
          resource.patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(context.getControllerConfiguration().fieldManager())
                  .withForce(true)
                  .build());
    } else {
      written =
          resource.patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"add\",\"path\":\"/status\",\"value\":"
                  + Serialization.asJson(status)
                  + "}]");
    }
    cache
        .apply(context)
        .handleRecentResourceUpdate(ResourceID.fromResource(written), written, primary);
    return written;
  }
}
