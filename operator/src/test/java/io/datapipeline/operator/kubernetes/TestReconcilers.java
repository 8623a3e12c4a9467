package io.datapipeline.operator.kubernetes;

import io.datapipeline.operator.controller.PipelineController;
import io.datapipeline.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The framework adapter over a test's controller, writing to a test's API server. */
final class TestReconcilers {

  private TestReconcilers() {}

  static DataPipelineReconciler on(
      KubernetesClient client, PipelineController controller, StatusWriter statusWriter) {
    return new DataPipelineReconciler(
        controller,
        new KubernetesEvents(client),
        new ConnectionSecrets(client),
        new OperatorMetrics(),
        new StackChangeEventSource(),
        null,
        statusWriter);
  }
}
