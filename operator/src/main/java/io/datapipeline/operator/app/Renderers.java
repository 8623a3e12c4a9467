package io.datapipeline.operator.app;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.render.PipelineRenderer;
import io.datapipeline.render.RenderDefaults;
import io.datapipeline.render.StackPlan;
import java.util.function.Function;

/** The production renderer (spec -> stacks), configured with the operator's default images. */
final class Renderers {

  private Renderers() {}

  static Function<DataPipeline, StackPlan> forConfig(OperatorConfig config) {
    return new PipelineRenderer(new RenderDefaults(config.converterImage(), config.grafanaImage()))
        ::render;
  }
}
