package io.datapipeline.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DeleteRetryStatus;
import io.datapipeline.api.v1alpha1.StackDeletionStatus;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a deletion step writes to the status is what the API server then holds, field for field: a
 * budget or a deletion the step no longer records is gone from the server too. Before the
 * deletion's status went through {@link StatusWriter}, it was a merge patch of the new status, and
 * a merge patch keeps what it omits: the emptied {@code deleteRetries} (serialised as absent)
 * stayed on the server, and an operator restarted then would restore the retry budget of a stack
 * long gone.
 */
@EnableKubernetesMockClient(crud = true)
class DeletionStatusWriteTest {

  static KubernetesClient client;

  private final RecordingCache cache = new RecordingCache();

  @Test
  void aFinishedStacksBudgetAndDeletionLeaveTheServersStatusWithTheStep() {
    Harness h = new Harness();
    client.resource(TestPlans.pipeline("team-a", "orders", "uid-1")).create();
    DataPipeline p = stored();
    h.reconcileUntilReady(p);
    // The storage stack (deleted first) failed to delete once, was retried and is now gone; the
    // server's status still records that deletion and its budget, as the last step wrote them.
    String storage = TestPlans.stackName(p, Component.STORAGE);
    String storageId = h.cfn.describeStack(storage).orElseThrow().id();
    h.cfn.deleteStack(storage, Set.of(), null);
    h.cfn.settle();
    client
        .resource(stored())
        .editStatus(
            r -> {
              r.setStatus(p.getStatus());
              r.getStatus().deleteRetries = List.of(budget(storage));
              r.getStatus().stackDeletions = List.of(deletion(storage, storageId));
              return r;
            });
    DataPipelineReconciler reconciler =
        TestReconcilers.on(client, h.controller, new StatusWriter(false, context -> cache));

    h.poller.poll();
    reconciler.cleanup(Serialization.clone(stored()), ClientOnlyContext.of(client));

    DataPipeline now = stored();
    assertThat(now.getStatus().deleteRetries)
        .as("the storage stack is gone: its retry budget with it, on the server too")
        .isNull();
    assertThat(now.getStatus().stackDeletions)
        .as("the next stack's deletion is recorded, the finished one's is not")
        .extracting(d -> d.stackName)
        .containsExactly(TestPlans.stackName(p, Component.CONVERTER));
    assertThat(now.getStatus().stacks).as("the rest of the status is kept").hasSize(4);
    assertThat(cache.written).as("the written pipeline handed to the primary cache").hasSize(1);
  }

  private static DeleteRetryStatus budget(String stackName) {
    DeleteRetryStatus budget = new DeleteRetryStatus();
    budget.stackName = stackName;
    budget.attempts = 1;
    budget.firstFailure = "2026-02-01T09:50:00Z";
    budget.nextAttempt = "2026-02-01T09:51:00Z";
    return budget;
  }

  private static StackDeletionStatus deletion(String stackName, String stackId) {
    StackDeletionStatus deletion = new StackDeletionStatus();
    deletion.stackName = stackName;
    deletion.stackId = stackId;
    return deletion;
  }

  private static DataPipeline stored() {
    return client.resources(DataPipeline.class).inNamespace("team-a").withName("orders").get();
  }
}
