package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.javaoperatorsdk.operator.api.reconciler.dependent.RecentOperationCacheFiller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for JOSDK's primary cache behind a test's {@link StatusWriter}: keeps, in order, each
 * pipeline a status write handed it, so a test can check the next reconcile would start from it.
 */
final class RecordingCache implements RecentOperationCacheFiller<DataPipeline> {

  /** The written pipelines, oldest first. */
  final List<DataPipeline> written = new ArrayList<>();

  @Override
  public void handleRecentResourceCreate(ResourceID id, DataPipeline resource) {
    throw new AssertionError("a status write creates nothing");
  }

  @Override
  public void handleRecentResourceUpdate(
      ResourceID id, DataPipeline resource, DataPipeline previous) {
    written.add(resource);
  }
}
