package io.datapipeline.sandbox;

import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import io.datapipeline.testsupport.moto.MotoTemplateAdapter;

/**
 * SANDBOX ONLY: the operator's production plan with the few constructs moto 5.2.1 cannot deploy
 * rewritten by the shared {@link MotoTemplateAdapter} (the same rewrites the deployment tests use).
 * The sandbox creates the secrets the converter reads itself ({@link RdsStandIn}).
 */
final class MotoTemplates {

  private MotoTemplates() {}

  static StackPlan adapt(StackPlan plan) {
    return new StackPlan(
        plan.stacks().stream().map(MotoTemplates::adapt).toList(), plan.artifacts());
  }

  private static StackSpec adapt(StackSpec stack) {
    return new StackSpec(
        stack.component(),
        stack.stackName(),
        MotoTemplateAdapter.adapt(stack.templateBody()).templateBody(),
        stack.parameters(),
        stack.tags(),
        stack.dependsOn(),
        stack.capabilities());
  }
}
