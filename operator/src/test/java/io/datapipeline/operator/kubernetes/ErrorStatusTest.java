package io.datapipeline.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.status.Conditions;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import org.junit.jupiter.api.Test;

/**
 * An exception out of a reconcile reaches the status through JOSDK's error-status path, written by
 * the same {@link StatusWriter} as a reconcile's status: the API server then holds exactly the
 * status decided, whatever the copy the framework handed over (its own patch would diff against
 * that copy).
 */
@EnableKubernetesMockClient(crud = true)
class ErrorStatusTest {

  static KubernetesClient client;

  private final Harness h = new Harness();
  private final RecordingCache cache = new RecordingCache();
  private final DataPipelineReconciler reconciler =
      TestReconcilers.on(client, h.controller, new StatusWriter(false, context -> cache));

  @Test
  void anUnexpectedExceptionIsWrittenOntoTheStatusAndRetried() {
    client.resource(TestPlans.pipeline("team-a", "orders", "uid-1")).create();

    ErrorStatusUpdateControl<DataPipeline> control =
        reconciler.updateErrorStatus(
            Serialization.clone(stored("orders")),
            ClientOnlyContext.of(client),
            new IllegalStateException("no session"));

    assertThat(control.isDefaultErrorProcessing()).isFalse();
    assertThat(control.isNoRetry()).as("the framework retries with backoff").isFalse();
    assertThat(control.getResource())
        .as("written already: nothing left for the framework to patch")
        .isEmpty();
    var reconciling = Conditions.find(stored("orders").getStatus().conditions, "Reconciling");
    assertThat(reconciling.status).isEqualTo("True");
    assertThat(reconciling.reason).isEqualTo("ReconcileError");
    assertThat(reconciling.message).isEqualTo("IllegalStateException: no session");
    assertThat(cache.written).as("the written pipeline handed to the primary cache").hasSize(1);
  }

  @Test
  void theSameFailureAgainWritesNothing() {
    client.resource(TestPlans.pipeline("team-a", "again", "uid-2")).create();
    DataPipeline p = Serialization.clone(stored("again"));
    reconciler.updateErrorStatus(
        p, ClientOnlyContext.of(client), new IllegalStateException("no session"));
    String resourceVersion = stored("again").getMetadata().getResourceVersion();

    ErrorStatusUpdateControl<DataPipeline> again =
        reconciler.updateErrorStatus(
            p, ClientOnlyContext.of(client), new IllegalStateException("no session"));

    assertThat(again.getResource()).isEmpty();
    assertThat(again.isNoRetry()).isFalse();
    assertThat(stored("again").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(cache.written).hasSize(1);
  }

  private static DataPipeline stored(String name) {
    return client.resources(DataPipeline.class).inNamespace("team-a").withName(name).get();
  }
}
