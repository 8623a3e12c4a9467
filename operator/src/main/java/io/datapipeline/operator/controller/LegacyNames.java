package io.datapipeline.operator.controller;

import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.deploy.PipelineRef;
import io.datapipeline.operator.ports.StackObserver;
import io.datapipeline.render.Component;
import io.datapipeline.render.Names;
import io.datapipeline.render.PipelineIdentity;
import java.util.Optional;

/**
 * Finds the stacks an operator from before recorded names deployed for a pipeline whose status
 * records nothing (its status was lost): without this, the pipeline would get new, hashed names and
 * a second deployment beside its first. Only stacks tagged with the pipeline's uid count: a stack
 * of the same legacy name from another pipeline (the collision hashed names end) is not its.
 */
final class LegacyNames {

  private LegacyNames() {}

  /** Whether any component's legacy-named stack exists and is tagged with the pipeline's uid. */
  static boolean deployed(PipelineIdentity id, StackObserver stacks) {
    for (Component c : Component.values()) {
      Optional<StackView> stack = stacks.stack(Names.legacyName(id, c.id()));
      if (stack.isPresent()
          && !"DELETE_COMPLETE".equals(stack.get().status())
          && id.uid().equals(stack.get().tags().get(PipelineRef.UID_TAG))) {
        return true;
      }
    }
    return false;
  }
}
