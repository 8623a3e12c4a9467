package io.datapipeline.operator.controller;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.render.InvalidSpecException;
import io.datapipeline.render.StackPlan;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Spec to stacks for the pipeline's destination: the region and account its stacks go to decide the
 * default images (CONVERTER_IMAGE / GRAFANA_IMAGE with {@code {region}} and {@code {account}}).
 */
@FunctionalInterface
public interface PlanRenderer {

  /**
   * @param region the pipeline's region
   * @param account the account its stacks are deployed into; may call AWS, so asked only when
   *     needed
   * @throws InvalidSpecException when the spec cannot be rendered (the user must change it)
   */
  StackPlan render(DataPipeline pipeline, String region, Supplier<String> account);

  /** A renderer that needs neither region nor account (tests, fixed images). */
  static PlanRenderer of(Function<DataPipeline, StackPlan> renderer) {
    return (pipeline, region, account) -> renderer.apply(pipeline);
  }
}
