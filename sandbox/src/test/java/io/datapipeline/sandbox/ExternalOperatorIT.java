package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --external-operator}: the sandbox starts everything but the operator, and the commands it
 * prints run the operator's own jar against it (what a developer of the operator, or the scale
 * benchmark, does).
 */
class ExternalOperatorIT {

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern EXPORT = Pattern.compile("^\\s*export (.+)$", Pattern.MULTILINE);
  private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z_]+)=(\\S+)");

  @TempDir Path dir;

  @Test
  void startsNoOperatorAndPrintsCommandsThatRunOne() throws Exception {
    // The walkthrough's pipeline (it creates its network: moto's account has no VPC to name).
    String example = Files.readString(Path.of("examples/weather.yaml"), StandardCharsets.UTF_8);
    // The sandbox's tenant grants namespace sandbox (SandboxTenant), no other.
    Path manifest = dir.resolve("weather.yaml");
    Files.writeString(manifest, example);
    Path ungranted = dir.resolve("ungranted.yaml");
    Files.writeString(ungranted, example.replace("namespace: sandbox", "namespace: tenant-a"));
    try (SandboxProcess sandbox =
        SandboxProcess.start(dir.resolve("work"), "--external-operator")) {
      Kubectl kubectl = new Kubectl(Path.of(sandbox.state().kubeconfig()));
      String log = sandbox.log();
      assertThat(log)
          .contains("The operator is not running (--external-operator)")
          .contains(
              "java -cp sandbox/target/datapipeline-sandbox.jar "
                  + MotoAdaptedOperator.class.getName());

      kubectl.run("get", "datapipelinetenant", "sandbox").requireSuccess();
      kubectl.run("create", "namespace", "sandbox").requireSuccess();
      kubectl.run("create", "namespace", "tenant-a").requireSuccess();
      kubectl.run("apply", "-f", manifest.toString()).requireSuccess();
      kubectl.run("apply", "-f", ungranted.toString()).requireSuccess();
      Thread.sleep(5_000);
      assertThat(readyReason(kubectl, "sandbox"))
          .as("no operator runs inside the sandbox")
          .isEmpty();

      // Kept in target/ (the temp dir goes): what to read when the pipeline does not get Ready.
      Path operatorLog = Path.of("target", "external-operator.log").toAbsolutePath();
      Process operator = startPrintedOperator(log, operatorLog);
      try {
        assertThat(awaitReady(kubectl, "sandbox", Duration.ofSeconds(180)))
            .as(
                "the external operator (moto-adapted templates) made the pipeline Ready; its log: %s",
                operatorLog)
            .isEqualTo("True (AllStacksComplete)");
        assertThat(awaitReadyReason(kubectl, "tenant-a", Duration.ofSeconds(60)))
            .as("no tenant grants namespace tenant-a")
            .isEqualTo("NotPermitted");
      } finally {
        operator.destroy();
        operator.waitFor();
      }
    }
  }

  /** The {@code export} lines the sandbox printed, run as the environment of the jar it named. */
  private static Process startPrintedOperator(String log, Path operatorLog) throws Exception {
    Map<String, String> environment = new LinkedHashMap<>();
    Matcher exports = EXPORT.matcher(log);
    while (exports.find()) {
      Matcher assignment = ASSIGNMENT.matcher(exports.group(1));
      while (assignment.find()) {
        environment.put(assignment.group(1), assignment.group(2));
      }
    }
    assertThat(environment)
        .containsKeys(
            "KUBECONFIG",
            "AWS_ENDPOINT_URL",
            "AWS_ACCESS_KEY_ID",
            "AWS_REGION",
            MotoAdaptedOperator.POSTGRES_PORT);
    Path jar = REPOSITORY.resolve("sandbox/target/datapipeline-sandbox.jar");
    assertThat(jar).isRegularFile();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp",
                    "sandbox/target/datapipeline-sandbox.jar",
                    MotoAdaptedOperator.class.getName()))
            .directory(REPOSITORY.toFile())
            .redirectErrorStream(true)
            .redirectOutput(operatorLog.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static String awaitReadyReason(Kubectl kubectl, String namespace, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String reason = readyReason(kubectl, namespace);
    while (reason.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(1_000);
      reason = readyReason(kubectl, namespace);
    }
    return reason;
  }

  /** Ready's status once it is True, or the last status seen when {@code timeout} ran out. */
  private static String awaitReady(Kubectl kubectl, String namespace, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String status = readyStatus(kubectl, namespace);
    while (!"True".equals(status) && Instant.now().isBefore(deadline)) {
      Thread.sleep(1_000);
      status = readyStatus(kubectl, namespace);
    }
    return status + " (" + readyReason(kubectl, namespace) + ")";
  }

  private static String readyStatus(Kubectl kubectl, String namespace) {
    return readyCondition(kubectl, namespace, "status");
  }

  private static String readyReason(Kubectl kubectl, String namespace) {
    return readyCondition(kubectl, namespace, "reason");
  }

  /** One field of the weather pipeline's Ready condition, as kubectl prints it. */
  private static String readyCondition(Kubectl kubectl, String namespace, String field) {
    return kubectl.pipelineField(
        namespace, "weather", "{.status.conditions[?(@.type==\"Ready\")]." + field + "}");
  }
}
