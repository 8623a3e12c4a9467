package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the sandbox's Kubernetes API, as the README's walkthrough and a user
 * would use it: no {@code --validate=false}, no {@code --wait=false}.
 */
class KubernetesApiIT {

  private static final String NS = "tenant-a";

  @TempDir static Path dir;
  private static KubernetesApi api;
  private static Kubectl kubectl;
  private static Path manifest;
  private static OperatorWrites operator;

  @BeforeAll
  static void start() throws Exception {
    api = KubernetesApi.start();
    kubectl = new Kubectl(Kubeconfig.write(dir.resolve("kubeconfig"), api.url()));
    manifest = OperatorWrites.minimalManifest(dir.resolve("weather.yaml"));
    operator = new OperatorWrites(api, NS);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void createNamespace() {
    kubectl.run("create", "namespace", NS).requireSuccess();
  }

  @AfterEach
  void deleteNamespace() {
    kubectl.run("delete", "namespace", NS, "--timeout=60s").requireSuccess();
  }

  @Test
  void kubectlAppliesGetsWithPrinterColumnsDescribesAndDeletesAPipeline() {
    kubectl.run("apply", "-f", manifest.toString()).requireSuccess();

    assertThat(kubectl.run("get", "dp", "-n", NS, "-o", "name").requireSuccess().stdout())
        .contains("datapipeline.datapipeline.io/weather");
    assertThat(jsonPath("{.spec.aws.region}")).isEqualTo("eu-west-1");
    String table = kubectl.run("get", "dp", "-n", NS).requireSuccess().stdout();
    assertThat(table.lines().findFirst().orElse(""))
        .contains("NAME", "READY", "REASON", "BUCKET", "DASHBOARD", "AGE");
    assertThat(table).contains("weather");
    assertThat(kubectl.run("describe", "dp", "weather", "-n", NS).requireSuccess().stdout())
        .contains("Name:", "weather", "eu-west-1");

    kubectl.run("delete", "dp", "weather", "-n", NS, "--timeout=30s").requireSuccess();
    assertThat(kubectl.run("get", "dp", "-n", NS, "-o", "name").requireSuccess().stdout())
        .isBlank();
  }

  @Test
  void theApiAppliesTheSchemaDefaultsAndPrunesUnknownFieldsWhenNotStrict() throws Exception {
    Path extra = dir.resolve("extra.yaml");
    Files.writeString(
        extra, Files.readString(manifest).replace("spec:\n", "spec:\n  notAField: 1\n"));

    Kubectl.Result warned = kubectl.run("apply", "--validate=warn", "-f", extra.toString());

    warned.requireSuccess();
    assertThat(warned.stderr()).contains("unknown field \"spec.notAField\"");
    assertThat(jsonPath("{.spec.notAField}")).isEmpty();
    assertThat(jsonPath("{.spec.ingest.suffix}")).as("schema default").isEqualTo(".csv");
    assertThat(jsonPath("{.spec.dashboard.maxTasks}")).as("nested default").isEqualTo("4");
  }

  @Test
  void applyRefusesAnInvalidManifestInKubeApiserversWords() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        Files.readString(manifest)
                .replace("type: float64}", "type: integer}")
                .replaceFirst("(?m)^spec:\n", "spec:\n  dashboard: {minTasks: 3, maxTasks: 2}\n")
            + "");

    Kubectl.Result typo = kubectl.run("apply", "-f", bad.toString());
    assertThat(typo.exitCode()).isNotZero();
    assertThat(typo.stderr())
        .contains("The DataPipeline \"weather\" is invalid")
        .contains("spec.schema.columns[1].type: Unsupported value: \"integer\"");

    Files.writeString(
        bad,
        Files.readString(manifest)
            .replaceFirst("(?m)^spec:\n", "spec:\n  dashboard: {minTasks: 3, maxTasks: 2}\n"));
    Kubectl.Result rule = kubectl.run("apply", "-f", bad.toString());
    assertThat(rule.exitCode()).isNotZero();
    assertThat(rule.stderr())
        .contains(
            "The DataPipeline \"weather\" is invalid: spec.dashboard.maxTasks: Invalid value:"
                + " \"integer\":")
        .contains("dashboard.maxTasks must be greater than or equal to minTasks");

    Files.writeString(
        bad, Files.readString(manifest).replace("spec:\n", "spec:\n  notAField: 1\n"));
    Kubectl.Result strict = kubectl.run("apply", "-f", bad.toString());
    assertThat(strict.exitCode()).isNotZero();
    assertThat(strict.stderr()).contains("strict decoding error: unknown field \"spec.notAField\"");
    assertThat(kubectl.run("get", "dp", "-n", NS, "-o", "name").requireSuccess().stdout())
        .as("nothing stored")
        .isBlank();
  }

  @Test
  void transitionRulesSeeTheStoredObject() throws Exception {
    Path named = dir.resolve("named.yaml");
    Files.writeString(
        named,
        Files.readString(manifest)
            .replaceFirst("(?m)^spec:\n", "spec:\n  database: {tableName: weather_a}\n"));
    kubectl.run("apply", "-f", named.toString()).requireSuccess();

    Files.writeString(named, Files.readString(named).replace("weather_a", "weather_b"));
    Kubectl.Result renamed = kubectl.run("apply", "-f", named.toString());

    assertThat(renamed.exitCode()).isNotZero();
    assertThat(renamed.stderr())
        .contains("The DataPipeline \"weather\" is invalid: spec.database")
        .contains("database.tableName is immutable once set");
    assertThat(jsonPath("{.spec.database.tableName}")).isEqualTo("weather_a");
  }

  @Test
  void explainReadsTheCrdSchemaFromOpenApiV3() {
    String explained = kubectl.run("explain", "datapipeline.spec.schema").requireSuccess().stdout();
    assertThat(explained).contains("KIND:", "DataPipeline", "columns", "primaryKey");
  }

  @Test
  void tenantsAreServedClusterScopedBesideThePipelines() {
    assertThat(kubectl.run("get", "datapipelinetenants").requireSuccess().stderr())
        .contains("No resources found");
    assertThat(kubectl.run("explain", "datapipelinetenant.spec").requireSuccess().stdout())
        .contains("DataPipelineTenant");
  }

  @Test
  void kubectlWaitReturnsOnceTheStatusBecomesReady() throws Exception {
    kubectl.run("apply", "-f", manifest.toString()).requireSuccess();
    CompletableFuture<Kubectl.Result> wait =
        CompletableFuture.supplyAsync(
            () ->
                kubectl.run(
                    "wait", "--for=condition=Ready", "dp/weather", "-n", NS, "--timeout=60s"));
    Thread.sleep(2_000);
    assertThat(wait).isNotDone();

    // What the operator does: patch the status subresource through a fabric8 client.
    GenericKubernetesResource pipeline = operator.pipelines().withName("weather").get();
    pipeline.setAdditionalProperty("status", Map.of("conditions", List.of(readyCondition())));
    operator.pipelines().resource(pipeline).updateStatus();

    Kubectl.Result result = wait.get(30, TimeUnit.SECONDS).requireSuccess();
    assertThat(result.stdout()).contains("condition met");
    assertThat(kubectl.run("get", "dp", "-n", NS).requireSuccess().stdout())
        .contains("True", "AllStacksComplete");
  }

  @Test
  void kubectlPatchesTheStatusSubresource() {
    kubectl.run("apply", "-f", manifest.toString()).requireSuccess();
    kubectl.mergePatchPipeline(
        NS, "weather", "{\"status\":{\"observedGeneration\":7}}", "--subresource=status");
    assertThat(jsonPath("{.status.observedGeneration}")).isEqualTo("7");
  }

  @Test
  void serverSideApplyOfTheStatusRemovesWhatTheManagerNoLongerApplies() {
    kubectl.run("apply", "-f", manifest.toString()).requireSuccess();
    applyStatus(
        Map.of(
            "observedGeneration", 1,
            "conditions", List.of(readyCondition()),
            "outputs", Map.of("bucketName", "bucket-1")));
    assertThat(jsonPath("{.status.outputs.bucketName}")).isEqualTo("bucket-1");

    applyStatus(Map.of("observedGeneration", 1, "conditions", List.of(readyCondition())));

    assertThat(jsonPath("{.status.outputs}")).as("dropped by its manager").isEmpty();
    assertThat(jsonPath("{.status.conditions[0].type}")).isEqualTo("Ready");
    assertThat(jsonPath("{.spec.aws.region}")).as("spec untouched").isEqualTo("eu-west-1");
  }

  @Test
  void deleteAndWaitForDeleteReturnOnceTheFinalizerIsReleased() throws Exception {
    kubectl.run("apply", "-f", manifest.toString()).requireSuccess();
    operator.applyFinalizer("weather", "datapipelines.datapipeline.io/finalizer");

    CompletableFuture<Kubectl.Result> delete =
        CompletableFuture.supplyAsync(
            () -> kubectl.run("delete", "dp", "weather", "-n", NS, "--timeout=60s"));
    CompletableFuture<Kubectl.Result> waitForDelete =
        CompletableFuture.supplyAsync(
            () -> kubectl.run("wait", "--for=delete", "dp/weather", "-n", NS, "--timeout=60s"));
    // Until kubectl's DELETE has reached the API server (a kubectl process starts slowly on a
    // busy machine): from then on only the finalizer holds the pipeline.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !jsonPath("{.metadata.deletionTimestamp}").isEmpty());
    assertThat(delete).as("held by the finalizer").isNotDone();

    operator
        .pipelines()
        .withName("weather")
        .edit(
            p -> {
              p.getMetadata().setFinalizers(List.of());
              return p;
            });

    assertThat(delete.get(30, TimeUnit.SECONDS).requireSuccess().stdout()).contains("deleted");
    waitForDelete.get(30, TimeUnit.SECONDS).requireSuccess();
  }

  @Test
  void describeShowsTheEventsOfThePipeline() {
    kubectl.run("apply", "-f", manifest.toString()).requireSuccess();
    GenericKubernetesResource pipeline = operator.pipelines().withName("weather").get();
    operator.publishEvent(
        "weather", pipeline.getMetadata().getUid(), "Normal", "StackCreated", "about weather");
    operator.publishEvent("other", "x", "Normal", "NotAboutWeather", "about other");

    String described = kubectl.run("describe", "dp", "weather", "-n", NS).requireSuccess().stdout();

    assertThat(described).contains("Events:", "StackCreated", "about weather");
    assertThat(described).doesNotContain("NotAboutWeather");
    assertThat(
            kubectl
                .run("get", "events", "-n", NS, "--field-selector", "involvedObject.name=other")
                .requireSuccess()
                .stdout())
        .contains("NotAboutWeather")
        .doesNotContain("StackCreated");
  }

  @Test
  void namespacesAreClusterScopedAndTakeTheirContentsWithThem() throws Exception {
    kubectl.run("create", "namespace", "team-x").requireSuccess();
    kubectl
        .run("create", "secret", "generic", "s", "-n", "team-x", "--from-literal=a=b")
        .requireSuccess();
    kubectl.run("create", "configmap", "c", "-n", "team-x", "--from-literal=x=y").requireSuccess();
    Path inTeamX = dir.resolve("team-x.yaml");
    Files.writeString(inTeamX, Files.readString(manifest).replace(NS, "team-x"));
    kubectl.run("apply", "-f", inTeamX.toString()).requireSuccess();

    assertThat(kubectl.run("get", "ns").requireSuccess().stdout())
        .contains("team-x", "Active", "default");
    assertThat(
            kubectl
                .run("get", "secret", "s", "-n", "team-x", "-o", "jsonpath={.data.a}")
                .requireSuccess()
                .stdout())
        .isEqualTo("Yg==");
    assertThat(
            kubectl
                .run("get", "cm", "c", "-n", "team-x", "-o", "jsonpath={.data.x}")
                .requireSuccess()
                .stdout())
        .isEqualTo("y");

    kubectl.run("delete", "namespace", "team-x", "--timeout=60s").requireSuccess();

    assertThat(kubectl.run("get", "ns", "-o", "name").requireSuccess().stdout())
        .doesNotContain("team-x");
    assertThat(kubectl.run("get", "dp,secret,cm", "-A", "-o", "name").requireSuccess().stdout())
        .doesNotContain("weather")
        .doesNotContain("secret/s\n");
    Kubectl.Result missing = kubectl.run("apply", "-f", inTeamX.toString());
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("namespaces \"team-x\" not found");
  }

  private static String jsonPath(String path) {
    return kubectl
        .run("get", "dp", "weather", "-n", NS, "-o", "jsonpath=" + path)
        .requireSuccess()
        .stdout();
  }

  private static void applyStatus(Map<String, Object> status) {
    operator.applyStatus("weather", status);
  }

  private static Map<String, Object> readyCondition() {
    return Map.of(
        "type", "Ready",
        "status", "True",
        "reason", "AllStacksComplete",
        "message", "all stacks complete",
        "lastTransitionTime", "2026-01-01T00:00:00Z");
  }
}
