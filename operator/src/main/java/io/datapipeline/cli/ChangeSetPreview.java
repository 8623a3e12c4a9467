package io.datapipeline.cli;

import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.ResourceChange;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.deploy.ArtifactUploader;
import io.datapipeline.operator.deploy.DataResources;
import io.datapipeline.render.Component;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The change sets CloudFormation would run for a rendered plan, against a live account: creates
 * each one (CREATE for a stack that does not exist, UPDATE otherwise), reads what it would do, and
 * deletes it again (with the empty REVIEW_IN_PROGRESS stack a CREATE preview leaves). Nothing is
 * executed.
 *
 * @param timeout how long one change set may take to be created
 * @param pause waits between two reads of a change set being created
 */
record ChangeSetPreview(CloudFormationApi cfn, Duration timeout, Runnable pause) {

  /**
   * What one stack would go through.
   *
   * @param changeSet the preview, or null when it could not be made ({@code note} says why)
   * @param create the stack does not exist yet
   */
  record StackPreview(StackSpec stack, boolean create, ChangeSetView changeSet, String note) {

    List<ResourceChange> destructive() {
      return changeSet == null ? List.of() : DataResources.destructive(changeSet.resourceChanges());
    }
  }

  List<StackPreview> preview(StackPlan plan, String changeSetName, String roleArn) {
    Map<Component, StackSpec> byComponent = new LinkedHashMap<>();
    plan.stacks().forEach(s -> byComponent.put(s.component(), s));
    List<StackPreview> previews = new ArrayList<>();
    for (StackSpec stack : plan.stacks()) {
      previews.add(previewOne(stack, byComponent, changeSetName, roleArn));
    }
    return previews;
  }

  private StackPreview previewOne(
      StackSpec stack, Map<Component, StackSpec> plan, String changeSetName, String roleArn) {
    if (ArtifactUploader.tooLargeForInline(stack.templateBody())) {
      return new StackPreview(
          stack,
          false,
          null,
          "template over 51,200 bytes: previewing it needs an upload to S3, which render --diff"
              + " does not do");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (var entry : stack.parameters().entrySet()) {
      if (entry.getValue() instanceof ParameterValue.Literal literal) {
        parameters.put(entry.getKey(), literal.value());
        continue;
      }
      var from = (ParameterValue.FromOutput) entry.getValue();
      Optional<String> value =
          cfn.describeStack(plan.get(from.component()).stackName())
              .filter(s -> StackStates.settled(s.status()))
              .map(s -> s.outputs().get(from.outputKey()));
      if (value.isEmpty()) {
        return new StackPreview(
            stack,
            false,
            null,
            "needs output "
                + from.outputKey()
                + " of the "
                + from.component().id()
                + " stack, which is not deployed yet: previewed once that stack exists");
      }
      parameters.put(entry.getKey(), value.get());
    }
    Optional<StackView> existing = cfn.describeStack(stack.stackName());
    boolean create = existing.isEmpty();
    if (existing.isPresent() && !StackStates.settled(existing.get().status())) {
      return new StackPreview(
          stack, false, null, "stack is " + existing.get().status() + ": nothing to preview now");
    }
    cfn.createChangeSet(
        new ChangeSetRequest(
            stack.stackName(),
            changeSetName,
            create,
            stack.templateBody(),
            null,
            parameters,
            stack.tags(),
            stack.capabilities(),
            roleArn));
    try {
      ChangeSetView cs = awaitCreated(stack.stackName(), changeSetName);
      return new StackPreview(stack, create, cs, null);
    } finally {
      cfn.deleteChangeSet(stack.stackName(), changeSetName);
      if (create) {
        // The CREATE preview made an empty stack in REVIEW_IN_PROGRESS: take it away again.
        cfn.deleteStack(stack.stackName(), Set.of(), roleArn);
      }
    }
  }

  private ChangeSetView awaitCreated(String stackName, String changeSetName) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<ChangeSetView> cs = cfn.describeChangeSet(stackName, changeSetName);
      if (cs.isPresent() && !cs.get().beingCreated()) {
        return cs.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "change set " + changeSetName + " of " + stackName + " not created within " + timeout);
      }
      pause.run();
    }
  }
}
