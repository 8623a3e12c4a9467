package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.render.Component;
import io.datapipeline.render.StackPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deletes the stacks of components that left the plan (e.g. {@code dashboard.enabled: false}), with
 * the care of a pipeline deletion ({@link StackRemover}): reverse dependency order, one stack at a
 * time, deletion policies as the templates say. A stack being removed stays in the status until it
 * is gone; then an Event {@code ComponentRemoved} says so.
 */
public final class ComponentRemover {

  public static final Reason REASON = Reason.REMOVING_COMPONENT;

  private final StackRemover remover;

  public ComponentRemover(StackRemover remover) {
    this.remover = remover;
  }

  /**
   * One step.
   *
   * @param candidates stacks the pipeline may own, by component: its status entries and the known
   *     names of every component; those in {@code plan} are ignored
   * @param previous the pipeline's status entries, by component
   * @return one outcome per removed stack that still exists (in progress, or waiting its turn)
   */
  public List<StackOutcome> step(
      PipelineRef pipeline,
      StackPlan plan,
      Map<Component, String> candidates,
      Map<Component, StackStatus> previous,
      AwsSession aws,
      List<Notice> notices) {
    Set<Component> planned =
        plan.stacks().stream().map(s -> s.component()).collect(Collectors.toSet());
    List<Map.Entry<Component, String>> leaving =
        candidates.entrySet().stream()
            .filter(e -> !planned.contains(e.getKey()))
            .sorted(Map.Entry.<Component, String>comparingByKey(Comparator.reverseOrder()))
            .toList();
    List<StackOutcome> outcomes = new ArrayList<>();
    boolean deleting = false;
    for (var entry : leaving) {
      Component component = entry.getKey();
      String stackName = entry.getValue();
      if (deleting) {
        // One at a time: the rest wait, still listed while they exist.
        aws.stacks()
            .stack(stackName)
            .filter(s -> pipeline.uid().equals(s.tags().get(PipelineRef.UID_TAG)))
            .ifPresent(
                s ->
                    outcomes.add(
                        outcome(component, stackName, Phase.WAITING, "waiting its turn", s)));
        continue;
      }
      StackRemover.Step step = remover.step(pipeline, stackName, aws, notices);
      switch (step.state()) {
        case GONE -> {
          if (previous.containsKey(component)) {
            notices.add(
                Notice.normal(
                    Reason.COMPONENT_REMOVED,
                    "the "
                        + component.id()
                        + " stack "
                        + stackName
                        + " is deleted: the component left the pipeline's spec"));
          }
        }
        case NOT_OURS -> {
          // A stack of our name someone else owns is never touched, nor listed as ours.
        }
        case DELETING -> {
          deleting = true;
          outcomes.add(
              outcome(
                  component,
                  stackName,
                  Phase.IN_PROGRESS,
                  "deleting " + stackName + ": the component left the pipeline's spec",
                  step.stack()));
        }
      }
    }
    return outcomes;
  }

  private static StackOutcome outcome(
      Component component, String stackName, Phase phase, String message, StackView stack) {
    // A leaving stack's outputs are no longer the pipeline's (e.g. the dashboard URL).
    StackView withoutOutputs =
        new StackView(
            stack.name(),
            stack.id(),
            stack.status(),
            stack.statusReason(),
            Map.of(),
            stack.tags(),
            stack.lastUpdated());
    return StackOutcome.of(component, stackName, phase, REASON, message).withStack(withoutOutputs);
  }
}
