package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl datapipeline ...} as a user runs it: the real kubectl finds {@code
 * bin/kubectl-datapipeline} on the PATH, which runs the operator's jar against the sandbox's API.
 * The status is written as the operator writes it (server-side apply of the status).
 */
class KubectlPluginIT {

  private static final ResourceDefinitionContext DATA_PIPELINES =
      new ResourceDefinitionContext.Builder()
          .withGroup("datapipeline.io")
          .withVersion("v1alpha1")
          .withPlural("datapipelines")
          .withKind("DataPipeline")
          .withNamespaced(true)
          .build();
  private static final String NS = "tenant-a";
  private static final Path BIN = Path.of("../bin").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static KubernetesApi api;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws Exception {
    api = KubernetesApi.start();
    kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), api.url());
    Path manifest = dir.resolve("weather.yaml");
    try (var in = KubectlPluginIT.class.getResourceAsStream("/crds/examples/minimal.yaml")) {
      Files.write(manifest, in.readAllBytes());
    }
    plugin("create", "namespace", NS);
    kubectl("apply", "-f", manifest.toString()).requireSuccess();
    applyStatus();
    publishEvent();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void statusShowsConditionsStacksChangeSetsOutputsAndDashboard() {
    String status =
        kubectl("datapipeline", "status", "weather", "-n", NS).requireSuccess().stdout();

    assertThat(status)
        .contains("DataPipeline tenant-a/weather")
        .contains("Ready", "False", "StackFailed")
        .contains("database", "dp-tenant-a-weather-database", "UPDATE_ROLLBACK_COMPLETE")
        .contains("Db: engine version 9.6 is not supported")
        .contains("pending change set on dashboard: cs-7 (3 changes")
        .contains("bucketName", "weather-bucket")
        .contains("tasks running 1 of 2 desired")
        .doesNotContain("\u001b[") // not a terminal: no colour
        .contains("STACK      "); // aligned columns
  }

  @Test
  void statusAsJsonIsTheStoredStatus() throws Exception {
    JsonNode json =
        JSON.readTree(
            kubectl("datapipeline", "status", "weather", "-n", NS, "-o", "json")
                .requireSuccess()
                .stdout());
    assertThat(json.path("name").asText()).isEqualTo("weather");
    assertThat(json.path("status").path("stacks").get(0).path("component").asText())
        .isEqualTo("database");
    assertThat(json.path("status").path("outputs").path("bucketName").asText())
        .isEqualTo("weather-bucket");
  }

  @Test
  void whyNamesTheFirstFailedStackAndItsReason() {
    String why = kubectl("datapipeline", "why", "weather", "-n", NS).requireSuccess().stdout();
    assertThat(why)
        .contains("stack dp-tenant-a-weather-database is UPDATE_ROLLBACK_COMPLETE")
        .contains("Db: engine version 9.6 is not supported");
  }

  @Test
  void approveSetsTheAnnotationToThePendingChangeSet() {
    assertThat(kubectl("datapipeline", "approve", "weather", "-n", NS).requireSuccess().stdout())
        .contains("approved change set cs-7");
    assertThat(jsonPath("{.metadata.annotations.datapipeline\\.io/approve}")).isEqualTo("cs-7");

    kubectl("datapipeline", "approve", "weather", "cs-8", "-n", NS).requireSuccess();
    assertThat(jsonPath("{.metadata.annotations.datapipeline\\.io/approve}")).isEqualTo("cs-8");
  }

  @Test
  void suspendAndResumeSetSpecSuspend() {
    kubectl("datapipeline", "suspend", "weather", "-n", NS).requireSuccess();
    assertThat(jsonPath("{.spec.suspend}")).isEqualTo("true");
    kubectl("datapipeline", "resume", "weather", "-n", NS).requireSuccess();
    assertThat(jsonPath("{.spec.suspend}")).isEqualTo("false");
  }

  @Test
  void eventsListsTheOperatorsEventsOnThePipeline() {
    String events =
        kubectl("datapipeline", "events", "weather", "-n", NS).requireSuccess().stdout();
    assertThat(events).contains("LAST SEEN", "StackFailed", "engine version 9.6");
  }

  @Test
  void renderWritesTheTemplatesOfAManifest() {
    Path out = dir.resolve("rendered");
    kubectl(
            "datapipeline",
            "render",
            "-f",
            dir.resolve("weather.yaml").toString(),
            "-o",
            out.toString())
        .requireSuccess();
    assertThat(out.resolve("database.template.json")).isNotEmptyFile();
    assertThat(out.resolve("plan.json")).isNotEmptyFile();
  }

  @Test
  void anUnknownPipelineIsAClearError() {
    Kubectl.Result missing = kubectl("datapipeline", "status", "nope", "-n", NS);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .contains("datapipelines.datapipeline.io \"nope\" not found in namespace tenant-a");
  }

  private static String jsonPath(String path) {
    return kubectl("get", "dp", "weather", "-n", NS, "-o", "jsonpath=" + path)
        .requireSuccess()
        .stdout();
  }

  private static Kubectl.Result kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    return Commands.run(
        command,
        Map.of(
            "KUBECONFIG", kubeconfig.toString(),
            "PATH", BIN + ":" + System.getenv("PATH"),
            "AWS_ACCESS_KEY_ID", "testing",
            "AWS_SECRET_ACCESS_KEY", "testing",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
        120);
  }

  private static void plugin(String... args) {
    kubectl(args).requireSuccess();
  }

  private static void applyStatus() {
    GenericKubernetesResource applied =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("datapipeline.io/v1alpha1")
            .withKind("DataPipeline")
            .withNewMetadata()
            .withName("weather")
            .withNamespace(NS)
            .endMetadata()
            .build();
    applied.setAdditionalProperty(
        "status",
        Map.of(
            "observedGeneration", 1,
            "conditions",
                List.of(
                    Map.of(
                        "type", "Ready",
                        "status", "False",
                        "reason", "StackFailed",
                        "message", "database: Db: engine version 9.6 is not supported",
                        "lastTransitionTime", "2026-01-01T00:00:00Z")),
            "stacks",
                List.of(
                    Map.of(
                        "component", "database",
                        "stackName", "dp-tenant-a-weather-database",
                        "status", "UPDATE_ROLLBACK_COMPLETE",
                        "reason", "Db: engine version 9.6 is not supported"),
                    Map.of(
                        "component", "dashboard",
                        "stackName", "dp-tenant-a-weather-dashboard",
                        "status", "CREATE_COMPLETE",
                        "pendingChangeSet",
                            Map.of("name", "cs-7", "changes", 3, "replacements", List.of()))),
            "outputs", Map.of("bucketName", "weather-bucket"),
            "dashboard", Map.of("runningTasks", 1, "desiredTasks", 2)));
    api.client()
        .genericKubernetesResources(DATA_PIPELINES)
        .inNamespace(NS)
        .withName("weather")
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("datapipeline")
                .withForce(true)
                .build(),
            applied);
  }

  private static void publishEvent() {
    String now = Instant.now().toString();
    api.client()
        .v1()
        .events()
        .inNamespace(NS)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("weather.1")
                .withNamespace(NS)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("datapipeline.io/v1alpha1")
                .withKind("DataPipeline")
                .withName("weather")
                .withNamespace(NS)
                .endInvolvedObject()
                .withType("Warning")
                .withReason("StackFailed")
                .withMessage("dp-tenant-a-weather-database: engine version 9.6 is not supported")
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build())
        .create();
  }
}
