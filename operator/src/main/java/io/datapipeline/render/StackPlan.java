package io.datapipeline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything to deploy for one pipeline.
 *
 * @param stacks in dependency order (deploy front to back, delete back to front)
 * @param artifacts objects the operator uploads to the bootstrap artifacts bucket before deploying
 *     the stacks (key to content), e.g. the schema document the converter reads
 * @param names the AWS names the plan uses, for the operator to record in status; null for a plan
 *     not made by {@link PipelineRenderer} (a test's), which records none
 */
public record StackPlan(
    List<StackSpec> stacks, Map<String, String> artifacts, PipelineNames names) {

  /** A plan without names to record. */
  public StackPlan(List<StackSpec> stacks, Map<String, String> artifacts) {
    this(stacks, artifacts, null);
  }

  /** The same plan with each stack changed by {@code change}, in the same order. */
  public StackPlan withEachStack(UnaryOperator<StackSpec> change) {
    return new StackPlan(stacks.stream().map(change).toList(), artifacts, names);
  }

  /** The same plan with the stack at {@code index} changed by {@code change}. */
  public StackPlan withStack(int index, UnaryOperator<StackSpec> change) {
    List<StackSpec> changed = new ArrayList<>(stacks);
    changed.set(index, change.apply(changed.get(index)));
    return new StackPlan(changed, artifacts, names);
  }
}
