package io.datapipeline.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A namespaced install whose tenant namespace is being deleted: the namespace's RoleBinding goes
 * first, so writing Events and the status there is refused (403). The deletion must still delete
 * every stack and then release the finalizer (the chart keeps that right cluster-wide), never fail
 * over the refused courtesies.
 */
@EnableKubernetesMockClient
class LostNamespaceAccessTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final String FORBIDDEN =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
          + "\"code\":403,\"message\":\"events is forbidden: User"
          + " \\\"system:serviceaccount:dp-system:datapipeline-operator\\\" cannot create"
          + " resource \\\"events\\\" in API group \\\"\\\" in the namespace \\\"team-a\\\"\"}";

  @Test
  void stacksAreDeletedAndTheFinalizerReleasedWhenEventsAndStatusAreForbidden()
      throws InterruptedException {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/team-a/events")
        .andReturn(403, FORBIDDEN)
        .always();
    server
        .expect()
        .patch()
        .withPath("/apis/datapipeline.io/v1alpha1/namespaces/team-a/datapipelines/orders/status")
        .andReturn(403, FORBIDDEN)
        .always();
    Harness h = new Harness();
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");
    h.reconcileUntilReady(p);
    // A transient failure on the way, so the deletion has a retry budget to record in the status.
    h.cfn.failDelete(
        TestPlans.stackName(p, Component.TABLE),
        "R",
        "AWS::EC2::SecurityGroup",
        "resource sg-1 has a dependent object (DependencyViolation)",
        1);
    DataPipelineReconciler reconciler =
        TestReconcilers.on(client, h.controller, new StatusWriter(false));

    DeleteControl control = null;
    for (int i = 0; i < 40; i++) {
      h.poller.poll();
      control = reconciler.cleanup(p, ClientOnlyContext.of(client));
      if (control.isRemoveFinalizer()) {
        break;
      }
      h.cfn.settle();
      h.now = h.now.plusSeconds(120);
    }

    assertThat(control.isRemoveFinalizer()).as("the finalizer is released").isTrue();
    assertThat(h.cfn.stackNames()).as("every stack deleted first").isEmpty();
    List<String> requests = new ArrayList<>();
    for (var r = server.takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = server.takeRequest(1, TimeUnit.SECONDS)) {
      requests.add(r.getMethod() + " " + r.getPath());
    }
    assertThat(requests)
        .as("Events and the retry budget were tried, and refused, on the way")
        .contains(
            "POST /api/v1/namespaces/team-a/events",
            "PATCH /apis/datapipeline.io/v1alpha1/namespaces/team-a/datapipelines/orders/status");
  }
}
