package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The operator Deployment: restricted security, probes on the contract's endpoints, its config. */
class DeploymentTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.datapipeline.helm.InstallVariants#all")
  void runsUnderTheRestrictedPodSecurityStandard(String variant) {
    RenderedChart rendered = InstallVariants.render(variant);
    PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
    PodSecurityContext podSecurity = pod.getSecurityContext();
    SecurityContext security = rendered.operatorContainer().getSecurityContext();

    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getRunAsUser()).isPositive();
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getRunAsUser()).isPositive();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getPrivileged()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getVolumes())
        .as("only an emptyDir for /tmp: no hostPath, no mounted Secret")
        .allSatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull());
  }

  @Test
  void givesTheReadOnlyRootFilesystemAWritableTmp() {
    RenderedChart rendered = InstallVariants.render(InstallVariants.DEFAULTS);
    Volume tmp = rendered.deployment().getSpec().getTemplate().getSpec().getVolumes().get(0);

    assertThat(rendered.operatorContainer().getVolumeMounts())
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getName()).isEqualTo(tmp.getName());
              assertThat(mount.getMountPath()).isEqualTo("/tmp");
            });
    assertThat(tmp.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("64Mi"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.datapipeline.helm.InstallVariants#all")
  void probesTheContractHealthEndpointsOnTheHealthPort(String variant) {
    RenderedChart rendered = InstallVariants.render(variant);
    Container container = rendered.operatorContainer();
    Map<String, Integer> ports =
        container.getPorts().stream()
            .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));

    assertThat(ports).containsEntry("health", 8081).containsEntry("metrics", 8080);
    assertThat(rendered.envValue("HEALTH_PORT")).isEqualTo("8081");
    assertThat(rendered.envValue("METRICS_PORT")).isEqualTo("8080");
    assertProbe(container.getLivenessProbe(), "/healthz");
    assertProbe(container.getReadinessProbe(), "/readyz");
    assertProbe(container.getStartupProbe(), "/healthz");
    assertThat(
            container.getStartupProbe().getPeriodSeconds()
                * container.getStartupProbe().getFailureThreshold())
        .as("seconds the JVM gets to start before liveness applies")
        .isGreaterThanOrEqualTo(60);
  }

  @Test
  void movesPortsEnvironmentAndProbesTogether() {
    RenderedChart rendered =
        ChartRenderer.forRepositoryChart().template(Map.of("ports.health", 9440));

    assertThat(rendered.envValue("HEALTH_PORT")).isEqualTo("9440");
    assertThat(rendered.operatorContainer().getPorts())
        .filteredOn(port -> port.getName().equals("health"))
        .singleElement()
        .extracting(ContainerPort::getContainerPort)
        .isEqualTo(9440);
    assertThat(rendered.operatorContainer().getLivenessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("health");
  }

  @Test
  void configuresTheOperatorWithTheContractDefaults() {
    RenderedChart rendered = InstallVariants.render(InstallVariants.DEFAULTS);

    assertThat(rendered.envValue("WATCH_NAMESPACES")).isEmpty();
    assertThat(rendered.envValue("AWS_REGION")).isEqualTo("us-east-1");
    assertThat(rendered.envValue("POLL_INTERVAL")).isEqualTo("30s");
    assertThat(rendered.envValue("FAST_POLL_INTERVAL")).isEqualTo("5s");
    assertThat(rendered.envValue("RECONCILE_CONCURRENCY")).isEqualTo("10");
    assertThat(rendered.envValue("LEADER_ELECTION")).isEqualTo("true");
    assertThat(rendered.envValue("LEADER_ELECTION_NAMESPACE")).isEqualTo(ChartRenderer.NAMESPACE);
    assertThat(rendered.envValue("LOG_FORMAT")).isEqualTo("json");
    assertThat(rendered.envValue("CONVERTER_IMAGE")).as("unset unless configured").isNull();
    assertThat(rendered.envValue("GRAFANA_IMAGE")).as("unset unless configured").isNull();
    assertThat(rendered.envValue("AWS_ENDPOINT_URL")).as("real AWS by default").isNull();
  }

  @Test
  void passesTheConfiguredImagesIntervalsAndConcurrency() {
    RenderedChart rendered = InstallVariants.render("cluster-wide");

    assertThat(rendered.envValue("AWS_REGION")).isEqualTo("eu-west-1");
    assertThat(rendered.envValue("CONVERTER_IMAGE"))
        .isEqualTo("111122223333.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:1.0.0");
    assertThat(rendered.envValue("GRAFANA_IMAGE"))
        .isEqualTo("111122223333.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-grafana:1.0.0");
    assertThat(rendered.envValue("POLL_INTERVAL")).isEqualTo("1m");
    assertThat(rendered.envValue("FAST_POLL_INTERVAL")).isEqualTo("10s");
    assertThat(rendered.envValue("RECONCILE_CONCURRENCY")).isEqualTo("20");
    assertThat(rendered.deployment().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void watchesOnlyTheConfiguredNamespaces() {
    RenderedChart rendered = InstallVariants.render("namespaced");

    assertThat(rendered.envValue("WATCH_NAMESPACES")).isEqualTo("tenant-a,tenant-b");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.datapipeline.helm.InstallVariants#all")
  void setsOnlyEnvironmentVariablesTheOperatorContractDefines(String variant) {
    Set<String> contract = OperatorContract.environmentVariables();
    Set<String> rendered =
        InstallVariants.render(variant).operatorContainer().getEnv().stream()
            .map(EnvVar::getName)
            .collect(Collectors.toSet());

    assertThat(contract).as("parsed from docs/contracts.md").contains("WATCH_NAMESPACES");
    assertThat(rendered)
        .as("every variable the chart sets is in docs/contracts.md (or is the JVM's or libc's own)")
        .allMatch(
            name ->
                contract.contains(name)
                    || name.equals("JAVA_TOOL_OPTIONS")
                    || name.equals("MALLOC_ARENA_MAX"));
    assertThat(rendered).noneMatch(name -> name.startsWith("AWS_SECRET") || name.contains("KEY"));
  }

  @Test
  void pinsTheImageByDigestWhenOneIsGiven() {
    assertThat(InstallVariants.render("cluster-wide").operatorContainer().getImage())
        .isEqualTo(
            "111122223333.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-operator@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(InstallVariants.render(InstallVariants.DEFAULTS).operatorContainer().getImage())
        .as("the chart's appVersion by default")
        .isEqualTo("datapipeline-operator:0.1.0");
  }

  @Test
  void runsTheJvmWithTheMeasuredNativeMemorySettings() {
    Map<String, String> env =
        InstallVariants.render(InstallVariants.DEFAULTS).operatorContainer().getEnv().stream()
            .collect(Collectors.toMap(EnvVar::getName, e -> String.valueOf(e.getValue())));

    assertThat(env.get("JAVA_TOOL_OPTIONS"))
        .as("docs/benchmarks.md: Serial GC, half the limit as heap, C1 only")
        .contains("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50", "-XX:TieredStopAtLevel=1");
    assertThat(env).containsEntry("MALLOC_ARENA_MAX", "2");
  }

  @Test
  void requestsResourcesAndCapsMemory() {
    var resources =
        InstallVariants.render(InstallVariants.DEFAULTS).operatorContainer().getResources();

    assertThat(resources.getRequests()).containsKeys("cpu", "memory");
    assertThat(resources.getLimits()).containsKey("memory");
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("health");
  }
}
