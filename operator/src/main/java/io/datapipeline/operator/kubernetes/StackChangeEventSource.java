package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.deploy.PipelineRef;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Turns "these stacks changed" from the shared pollers into reconcile triggers for the pipelines
 * owning them (found through the stacks' namespace and name tags).
 */
public final class StackChangeEventSource extends AbstractEventSource<StackView, DataPipeline> {

  public StackChangeEventSource() {
    super(StackView.class, "cloudformation-stacks");
  }

  @Override
  public Set<StackView> getSecondaryResources(DataPipeline primary) {
    // A trigger only: the reconciler reads stacks from the pollers, not from this source.
    return Set.of();
  }

  public void onStacksChanged(Set<StackView> stacks) {
    EventHandler handler = isRunning() ? getEventHandler() : null;
    if (handler == null) {
      return;
    }
    stacks.stream()
        .filter(s -> s.tags().containsKey(PipelineRef.NAMESPACE_TAG))
        .filter(s -> s.tags().containsKey(PipelineRef.NAME_TAG))
        .map(
            s ->
                new ResourceID(
                    s.tags().get(PipelineRef.NAME_TAG), s.tags().get(PipelineRef.NAMESPACE_TAG)))
        .distinct()
        .forEach(id -> handler.handleEvent(new Event(id)));
  }
}
