package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.render.Component;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One-stack plans for the tests of the sandbox's plan adapters (MotoTemplates, SmallPlans). */
final class OneStackPlans {

  private OneStackPlans() {}

  /**
   * The plan of one stack {@code dp-ns-name-<component>} with {@code template}, one parameter, one
   * tag and CAPABILITY_IAM, and one artifact: all that an adapter must keep as it is.
   */
  static StackPlan plan(Component component, String template, List<Component> dependsOn) {
    StackSpec stack =
        new StackSpec(
            component,
            "dp-ns-name-" + component.id(),
            template,
            Map.of("VpcId", ParameterValue.literal("vpc-1")),
            Map.of("datapipeline.io/name", "name"),
            dependsOn,
            Set.of("CAPABILITY_IAM"));
    return new StackPlan(List.of(stack), Map.of("schemas/a.json", "{}"));
  }

  /**
   * Asserts that {@code adapted} is {@code plan} but for its stack's template; returns that stack.
   */
  static StackSpec assertOnlyTheTemplateChanged(StackPlan plan, StackPlan adapted) {
    assertThat(adapted.stacks()).hasSize(1);
    StackSpec only = adapted.stacks().get(0);
    assertThat(only)
        .usingRecursiveComparison()
        .ignoringFields("templateBody")
        .isEqualTo(plan.stacks().get(0));
    assertThat(adapted.artifacts()).isEqualTo(plan.artifacts());
    return only;
  }
}
