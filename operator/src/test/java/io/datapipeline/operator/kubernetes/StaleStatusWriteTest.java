package io.datapipeline.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.status.Conditions;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.junit.jupiter.api.Test;

/**
 * The flake of {@code OperatorIT.dashboardToggledOffHasItsStackDeletedAndThePipelineReady}, made
 * deterministic: the reconcile that finds the removed component's stack gone is given the
 * informer's copy of the pipeline from before the previous reconcile's "removing" status (that
 * write's watch event has not arrived: a busy machine). The API server must end with exactly the
 * status that reconcile decided (Ready, four stacks), and each write must reach the primary cache
 * so the next reconcile starts from it. Before {@link StatusWriter}, JOSDK 5.2's status patch (a
 * JSON Patch diffed against the stale copy) left Ready=False with reason RemovingComponent and no
 * reconcile to come.
 */
@EnableKubernetesMockClient(crud = true)
class StaleStatusWriteTest {

  static KubernetesClient client;

  private final RecordingCache cache = new RecordingCache();

  @Test
  void theStatusDecidedFromAStaleCopyIsWrittenWholeAndCached() {
    Harness h = new Harness();
    h.renderer = TestPlans::planWithOptionalDashboard;
    client.resource(TestPlans.pipeline("team-a", "orders", "uid-1")).create();
    DataPipeline p = stored(); // with the uid the API server gave it
    h.reconcileUntilReady(p);
    client.resource(stored()).editStatus(r -> withStatus(r, p));
    client
        .resource(stored())
        .edit(
            r -> {
              r.getSpec().dashboard.enabled = false;
              r.getMetadata().setGeneration(r.getMetadata().getGeneration() + 1);
              return r;
            });
    // The informer's copy: the spec change, the status from before it (Ready, five stacks).
    DataPipeline informerCopy = stored();
    assertThat(informerCopy.getStatus().stacks).hasSize(5);
    DataPipelineReconciler reconciler =
        TestReconcilers.on(client, h.controller, new StatusWriter(false, context -> cache));

    h.poller.poll();
    applyAsTheFrameworkDoes(
        reconciler.reconcile(Serialization.clone(informerCopy), ClientOnlyContext.of(client)),
        informerCopy);
    assertThat(ready(stored()).reason).as("DeleteStack made").isEqualTo("RemovingComponent");
    h.cfn.settle(); // the dashboard stack's delete completes
    h.poller.poll();
    // The next reconcile comes at once (the sweep saw the stack go) with the informer's copy still
    // the one from before the "removing" status.
    applyAsTheFrameworkDoes(
        reconciler.reconcile(Serialization.clone(informerCopy), ClientOnlyContext.of(client)),
        informerCopy);

    DataPipeline now = stored();
    assertThat(ready(now).status)
        .as("Ready: %s %s", ready(now).reason, ready(now).message)
        .isEqualTo("True");
    assertThat(ready(now).reason).isEqualTo("AllStacksComplete");
    assertThat(now.getStatus().stacks)
        .extracting(s -> s.component)
        .containsExactly("database", "table", "converter", "storage");
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .extracting(e -> e.getReason())
        .contains("ComponentRemoved");
    assertThat(cache.written)
        .as("each written pipeline handed to the primary cache, for the next reconcile")
        .hasSize(2)
        .extracting(c -> ready(c).reason)
        .containsExactly("RemovingComponent", "AllStacksComplete");
  }

  private static DataPipeline withStatus(DataPipeline r, DataPipeline from) {
    r.setStatus(from.getStatus());
    return r;
  }

  private static DataPipeline stored() {
    return client.resources(DataPipeline.class).inNamespace("team-a").withName("orders").get();
  }

  private static Condition ready(DataPipeline p) {
    return Conditions.find(p.getStatus().conditions, "Ready");
  }

  /**
   * What JOSDK 5.2.3 does with a reconcile's {@code UpdateControl} when server-side apply is off: a
   * status patch is {@code editStatus} from the copy the reconcile was given, its resourceVersion
   * dropped (no optimistic locking), i.e. a JSON Patch of the difference between that copy and the
   * new status.
   */
  private static void applyAsTheFrameworkDoes(
      UpdateControl<DataPipeline> control, DataPipeline original) {
    if (control.isPatchStatus()) {
      DataPipeline base = Serialization.clone(original);
      base.getMetadata().setResourceVersion(null);
      client.resource(base).editStatus(r -> withStatus(r, control.getResource().orElseThrow()));
    }
  }
}
