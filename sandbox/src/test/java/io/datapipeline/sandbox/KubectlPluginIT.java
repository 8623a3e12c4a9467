package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
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

  private static final String NS = "tenant-a";
  private static final Path BIN = Path.of("../bin").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static KubernetesApi api;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    api = KubernetesApi.start();
    // The plugin's jar finds moto nowhere: no command of these tests reaches AWS.
    kubectl =
        new Kubectl(
            Kubeconfig.write(dir.resolve("kubeconfig"), api.url()),
            Map.of(
                "PATH", BIN + ":" + System.getenv("PATH"),
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1"));
    Path manifest = OperatorWrites.minimalManifest(dir.resolve("weather.yaml"));
    kubectl("create", "namespace", NS).requireSuccess();
    kubectl("apply", "-f", manifest.toString()).requireSuccess();
    OperatorWrites operator = new OperatorWrites(api, NS);
    operator.applyStatus("weather", failedStatus());
    operator.publishEvent(
        "weather",
        null,
        "Warning",
        "StackFailed",
        "dp-tenant-a-weather-database: engine version 9.6 is not supported");
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
    return kubectl.run(args);
  }

  /** A failed database stack and a pending change set on the dashboard, with their outputs. */
  private static Map<String, Object> failedStatus() {
    return Map.of(
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
        "dashboard", Map.of("runningTasks", 1, "desiredTasks", 2));
  }
}
