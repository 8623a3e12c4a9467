package io.datapipeline.operator;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.render.StackPlan;
import java.util.function.Function;

/** The production renderer (spec -> stacks), configured with the operator's default images. */
final class Renderers {

  private Renderers() {}

  static Function<DataPipeline, StackPlan> forConfig(OperatorConfig config) {
    return pipeline -> {
      throw new IllegalStateException(
          "io.datapipeline.render.PipelineRenderer is not on main yet: the operator cannot render"
              + " pipelines until it is wired in here");
    };
  }
}
