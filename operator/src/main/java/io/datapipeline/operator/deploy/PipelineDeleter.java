package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.render.Component;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes a pipeline's stacks in reverse dependency order, one at a time, so no stack loses an
 * input while it still exists. Data resources survive as the templates' deletion policies say; a
 * DELETE_FAILED stack is deleted again retaining what could not be deleted. Stacks of our name that
 * belong to someone else are never touched.
 */
public final class PipelineDeleter {

  /** Where the deletion stands. */
  public record Progress(boolean done, String message) {}

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
    CloudFormationApi cfn = aws.cloudFormation();
    List<Map.Entry<Component, String>> reverse =
        stackNames.entrySet().stream()
            .sorted(Map.Entry.<Component, String>comparingByKey(Comparator.reverseOrder()))
            .toList();
    for (var entry : reverse) {
      String stackName = entry.getValue();
      Optional<StackView> found = aws.stacks().stack(stackName);
      if (found.isEmpty()) {
        continue;
      }
      StackView stack = found.get();
      if (!pipeline.uid().equals(stack.tags().get(PipelineRef.UID_TAG))) {
        continue;
      }
      if (StackStates.inProgress(stack.status())) {
        return new Progress(false, stackName + " is " + stack.status());
      }
      Set<String> retain = Set.of();
      if (StackStates.DELETE_FAILED.equals(stack.status())) {
        retain = FailureReasons.failedDeletions(cfn, stackName);
        notices.add(
            Notice.warning(
                Reason.RETAINING_RESOURCES,
                "deleting "
                    + stackName
                    + " again; kept in AWS because they could not be deleted: "
                    + retain));
      } else {
        notices.add(Notice.normal(Reason.STACK_DELETING, "deleting stack " + stackName));
      }
      cfn.deleteStack(stackName, retain, pipeline.cloudFormationRoleArn());
      aws.stacks().changed(stackName);
      return new Progress(false, "deleting " + stackName);
    }
    return new Progress(true, "all stacks deleted");
  }
}
