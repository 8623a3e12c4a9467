package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.ports.AwsSession;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes one stack of a pipeline, one step per call, with the same care whether the whole pipeline
 * is being deleted or only a component left its plan: never a stack another pipeline owns, never
 * while CloudFormation works on it, and a DELETE_FAILED stack deleted again keeping only what could
 * not be deleted. Data resources survive as the templates' deletion policies say.
 */
public final class StackRemover {

  /** Where the stack stands after the step. */
  public enum State {
    /** It does not exist (any more). */
    GONE,
    /** It exists but is not ours (no or another pipeline's uid tag): left alone. */
    NOT_OURS,
    /** Being deleted: look again later. */
    DELETING
  }

  /**
   * @param stack the stack as last observed, null when gone
   */
  public record Step(State state, StackView stack, String message) {}

  /** One step towards {@code stackName} being gone. */
  public Step step(PipelineRef pipeline, String stackName, AwsSession aws, List<Notice> notices) {
    Optional<StackView> found = aws.stacks().stack(stackName);
    if (found.isEmpty()) {
      return new Step(State.GONE, null, stackName + " is deleted");
    }
    StackView stack = found.get();
    if (!pipeline.uid().equals(stack.tags().get(PipelineRef.UID_TAG))) {
      return new Step(State.NOT_OURS, stack, stackName + " belongs to someone else");
    }
    if (StackStates.inProgress(stack.status())) {
      return new Step(State.DELETING, stack, stackName + " is " + stack.status());
    }
    Set<String> retain = Set.of();
    if (StackStates.DELETE_FAILED.equals(stack.status())) {
      retain = FailureReasons.failedDeletions(aws.cloudFormation(), stackName);
      notices.add(
          Notice.warning(
              "RetainingResources",
              "deleting "
                  + stackName
                  + " again; kept in AWS because they could not be deleted: "
                  + retain));
    } else {
      notices.add(Notice.normal("StackDeleting", "deleting stack " + stackName));
    }
    aws.cloudFormation().deleteStack(stackName, retain, pipeline.cloudFormationRoleArn());
    aws.stacks().changed(stackName);
    return new Step(State.DELETING, stack, "deleting " + stackName);
  }
}
