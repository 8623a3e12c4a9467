package io.datapipeline.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.metrics.OperatorMetrics;
import io.datapipeline.operator.status.Conditions;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import org.junit.jupiter.api.Test;

/** An exception out of a reconcile reaches the status through JOSDK's error-status path. */
class ErrorStatusTest {

  private final Harness h = new Harness();
  private final DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");
  // The error path writes neither Events nor Secrets: no API server needed.
  private final DataPipelineReconciler reconciler =
      new DataPipelineReconciler(
          h.controller,
          new KubernetesEvents(null),
          new ConnectionSecrets(null),
          new OperatorMetrics(),
          new StackChangeEventSource());

  @Test
  void anUnexpectedExceptionIsPatchedOntoTheStatusAndRetried() {
    ErrorStatusUpdateControl<DataPipeline> control =
        reconciler.updateErrorStatus(p, null, new IllegalStateException("no session"));

    assertThat(control.isDefaultErrorProcessing()).isFalse();
    assertThat(control.isNoRetry()).as("the framework retries with backoff").isFalse();
    DataPipeline patched = control.getResource().orElseThrow();
    var reconciling = Conditions.find(patched.getStatus().conditions, "Reconciling");
    assertThat(reconciling.status).isEqualTo("True");
    assertThat(reconciling.reason).isEqualTo("ReconcileError");
    assertThat(reconciling.message).isEqualTo("IllegalStateException: no session");
  }

  @Test
  void theSameFailureAgainPatchesNothing() {
    reconciler.updateErrorStatus(p, null, new IllegalStateException("no session"));

    ErrorStatusUpdateControl<DataPipeline> again =
        reconciler.updateErrorStatus(p, null, new IllegalStateException("no session"));

    assertThat(again.getResource()).isEmpty();
    assertThat(again.isNoRetry()).isFalse();
  }
}
