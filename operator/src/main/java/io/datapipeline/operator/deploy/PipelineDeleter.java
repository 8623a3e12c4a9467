package io.datapipeline.operator.deploy;

import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.render.Component;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Deletes a pipeline's stacks in reverse dependency order, one at a time, so no stack loses an
 * input while it still exists. Each stack goes through {@link StackRemover}; stacks of our name
 * that belong to someone else are never touched.
 */
public final class PipelineDeleter {

  /**
   * Where the deletion stands.
   *
   * @param leftBehind resources retained because they kept failing to delete (empty: everything the
   *     spec said to delete is gone)
   */
  public record Progress(boolean done, String message, List<String> leftBehind) {}

  private final StackRemover remover;
  private final ComponentRemover components;

  public PipelineDeleter() {
    this(new StackRemover());
  }

  public PipelineDeleter(Clock clock) {
    this(new StackRemover(DeleteRetries.standard(clock)));
  }

  public PipelineDeleter(StackRemover remover) {
    this.remover = remover;
    this.components = new ComponentRemover(remover);
  }

  /** The retry budgets of failed deletions (persisted in the pipelines' status). */
  public DeleteRetries retries() {
    return remover.retries();
  }

  /** The deletions under way, to tell what they kept (persisted in the pipelines' status). */
  public PendingDeletions deletions() {
    return remover.deletions();
  }

  /**
   * Deletes the stacks of components that left the plan, sharing this deleter's retry budgets (one
   * budget per stack, whoever started its delete).
   */
  public ComponentRemover components() {
    return components;
  }

  /**
   * One step.
   *
   * @param stackNames every stack the pipeline may own, by component
   */
  public Progress step(
      PipelineRef pipeline,
      Map<Component, String> stackNames,
      AwsSession aws,
      List<Notice> notices) {
    List<Map.Entry<Component, String>> reverse =
        stackNames.entrySet().stream()
            .sorted(Map.Entry.<Component, String>comparingByKey(Comparator.reverseOrder()))
            .toList();
    for (var entry : reverse) {
      StackRemover.Step step = remover.step(pipeline, entry.getValue(), aws, notices);
      if (step.state() == StackRemover.State.DELETING) {
        return new Progress(false, step.message(), List.of());
      }
    }
    List<String> left = remover.leftBehind(pipeline.uid());
    remover.forget(pipeline.uid());
    return new Progress(true, "all stacks deleted", left);
  }
}
