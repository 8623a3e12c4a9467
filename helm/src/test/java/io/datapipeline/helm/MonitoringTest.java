package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

/** The metrics Service, the optional ServiceMonitor, and the PodDisruptionBudget. */
class MonitoringTest {

  @Test
  void metricsServiceSelectsTheOperatorPodsOnTheMetricsPort() {
    RenderedChart rendered = InstallVariants.render(InstallVariants.DEFAULTS);
    Service service = rendered.single(Service.class);
    ServicePort port = service.getSpec().getPorts().get(0);

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(rendered.deployment().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(port.getName()).isEqualTo("metrics");
    assertThat(port.getPort()).isEqualTo(8080);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("metrics");
  }

  @Test
  void serviceMonitorIsOffByDefault() {
    assertThat(InstallVariants.render(InstallVariants.DEFAULTS).all(ServiceMonitor.class))
        .isEmpty();
  }

  @Test
  void monitoringOnScrapesMetricsThroughTheService() {
    RenderedChart rendered = InstallVariants.render("monitoring");
    ServiceMonitor monitor = rendered.single(ServiceMonitor.class);
    Service service = rendered.single(Service.class);
    Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);

    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    assertThat(service.getMetadata().getLabels())
        .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
    assertThat(monitor.getSpec().getNamespaceSelector().getMatchNames())
        .containsExactly(service.getMetadata().getNamespace());
    assertThat(endpoint.getPort()).isEqualTo(service.getSpec().getPorts().get(0).getName());
    assertThat(endpoint.getPath()).isEqualTo("/metrics");
    assertThat(endpoint.getInterval()).isEqualTo("15s");
    assertThat(endpoint.getScrapeTimeout()).isEqualTo("5s");
  }

  @Test
  void disruptionBudgetNeverBlocksADrainOfTheOnlyReplica() {
    RenderedChart rendered = InstallVariants.render(InstallVariants.DEFAULTS);
    PodDisruptionBudget budget = rendered.single(PodDisruptionBudget.class);

    assertThat(rendered.deployment().getSpec().getReplicas()).isEqualTo(1);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getMinAvailable()).isNull();
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(rendered.deployment().getSpec().getSelector().getMatchLabels());
  }
}
