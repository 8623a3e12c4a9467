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
   * @param permissionsBoundaryArn the tenant's boundary for every IAM role the templates create, or
   *     null for none
   * @throws InvalidSpecException when the spec cannot be rendered (the user must change it)
   */
  StackPlan render(
      DataPipeline pipeline,
      String region,
      Supplier<String> account,
      String permissionsBoundaryArn);

  /** Without a permissions boundary (TENANCY=Open, or a tenant that sets none). */
  default StackPlan render(DataPipeline pipeline, String region, Supplier<String> account) {
    return render(pipeline, region, account, null);
  }

  /**
   * A renderer that needs neither region nor account (tests, fixed images). It ignores no boundary
   * silently: asked for one, it refuses, since its plans would deploy roles without it.
   */
  static PlanRenderer of(Function<DataPipeline, StackPlan> renderer) {
    return (pipeline, region, account, boundary) -> {
      if (boundary != null) {
        throw new IllegalStateException(
            "this renderer cannot apply permissions boundary " + boundary);
      }
      return renderer.apply(pipeline);
    };
  }
}
