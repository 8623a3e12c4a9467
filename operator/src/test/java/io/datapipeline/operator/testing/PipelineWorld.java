package io.datapipeline.operator.testing;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.render.Component;

/**
 * What a table-driven controller scenario acts on: the pipeline team-a/orders and one "operator
 * process" over the in-memory CloudFormation. A test's own world extends it with its arrange steps.
 */
public class PipelineWorld {

  public final Harness h = new Harness();
  public final DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");

  /** The name of the pipeline's stack of {@code component}. */
  public String stack(Component component) {
    return TestPlans.stackName(p, component);
  }

  /**
   * {@code n} reconciles of the pipeline, CloudFormation finishing what is in progress after each.
   */
  public void rounds(int n) {
    h.rounds(p, n);
  }
}
