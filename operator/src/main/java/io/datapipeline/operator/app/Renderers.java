package io.datapipeline.operator.app;

import io.datapipeline.operator.controller.PlanRenderer;
import io.datapipeline.render.ImageDefaults;
import io.datapipeline.render.PipelineRenderer;

/**
 * The production renderer (spec -> stacks), with the operator's default images filled in for each
 * pipeline's region and account.
 */
public final class Renderers {

  private Renderers() {}

  public static PlanRenderer forConfig(OperatorConfig config) {
    ImageDefaults images = config.imageDefaults();
    return (pipeline, region, account, boundary) ->
        new PipelineRenderer(images.resolve(region, account)).render(pipeline, boundary);
  }
}
