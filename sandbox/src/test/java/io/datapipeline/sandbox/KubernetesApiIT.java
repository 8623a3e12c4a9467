package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the sandbox's Kubernetes API, as the README's walkthrough uses it. */
class KubernetesApiIT {

  private static final ResourceDefinitionContext DATA_PIPELINES =
      new ResourceDefinitionContext.Builder()
          .withGroup("datapipeline.io")
          .withVersion("v1alpha1")
          .withPlural("datapipelines")
          .withKind("DataPipeline")
          .withNamespaced(true)
          .build();

  @TempDir static Path dir;
  private static KubernetesApi api;
  private static Kubectl kubectl;
  private static Path manifest;

  @BeforeAll
  static void start() throws Exception {
    api = KubernetesApi.start();
    kubectl = new Kubectl(Kubeconfig.write(dir.resolve("kubeconfig"), api.url()));
    manifest = dir.resolve("weather.yaml");
    try (var in = KubernetesApiIT.class.getResourceAsStream("/crds/examples/minimal.yaml")) {
      Files.write(manifest, in.readAllBytes());
    }
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void kubectlAppliesGetsByShortNameAndDeletesAPipeline() {
    kubectl.run("apply", "--validate=false", "-f", manifest.toString()).requireSuccess();

    assertThat(kubectl.run("get", "dp", "-n", "tenant-a", "-o", "name").requireSuccess().stdout())
        .contains("datapipeline.datapipeline.io/weather");
    assertThat(
            kubectl
                .run("get", "dp", "weather", "-n", "tenant-a", "-o", "jsonpath={.spec.aws.region}")
                .requireSuccess()
                .stdout())
        .isEqualTo("eu-west-1");
    assertThat(kubectl.run("describe", "dp", "weather", "-n", "tenant-a").requireSuccess().stdout())
        .contains("Name:", "weather", "eu-west-1");

    kubectl.run("delete", "dp", "weather", "-n", "tenant-a", "--wait=false").requireSuccess();
    assertThat(kubectl.run("get", "dp", "-n", "tenant-a", "-o", "name").requireSuccess().stdout())
        .isBlank();
  }

  @Test
  void kubectlWaitReturnsOnceTheStatusBecomesReady() throws Exception {
    kubectl.run("apply", "--validate=false", "-f", manifest.toString()).requireSuccess();
    CompletableFuture<Kubectl.Result> wait =
        CompletableFuture.supplyAsync(
            () ->
                kubectl.run(
                    "wait",
                    "--for=condition=Ready",
                    "dp/weather",
                    "-n",
                    "tenant-a",
                    "--timeout=60s"));
    Thread.sleep(2_000);
    assertThat(wait).isNotDone();

    // What the operator does: patch the status subresource through a fabric8 client.
    GenericKubernetesResource pipeline =
        api.client()
            .genericKubernetesResources(DATA_PIPELINES)
            .inNamespace("tenant-a")
            .withName("weather")
            .get();
    pipeline.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of(
                    "type", "Ready",
                    "status", "True",
                    "reason", "AllStacksComplete",
                    "message", "all stacks complete",
                    "lastTransitionTime", "2026-01-01T00:00:00Z"))));
    api.client().genericKubernetesResources(DATA_PIPELINES).resource(pipeline).updateStatus();

    Kubectl.Result result = wait.get(30, TimeUnit.SECONDS).requireSuccess();
    assertThat(result.stdout()).contains("condition met");
    kubectl.run("delete", "dp", "weather", "-n", "tenant-a", "--wait=false").requireSuccess();
  }

  @Test
  void kubectlPatchesTheStatusSubresource() {
    kubectl.run("apply", "--validate=false", "-f", manifest.toString()).requireSuccess();
    kubectl
        .run(
            "patch",
            "dp",
            "weather",
            "-n",
            "tenant-a",
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"observedGeneration\":7}}")
        .requireSuccess();
    assertThat(
            kubectl
                .run(
                    "get",
                    "dp",
                    "weather",
                    "-n",
                    "tenant-a",
                    "-o",
                    "jsonpath={.status.observedGeneration}")
                .requireSuccess()
                .stdout())
        .isEqualTo("7");
    kubectl.run("delete", "dp", "weather", "-n", "tenant-a", "--wait=false").requireSuccess();
  }
}
