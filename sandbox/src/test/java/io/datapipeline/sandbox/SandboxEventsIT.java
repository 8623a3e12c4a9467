package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.operator.app.OperatorApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The sandbox publishes the EventBridge events moto does not ({@link SandboxEvents}): a stack
 * changed in moto behind the operator's back shows on the pipeline's status within 10 s, through
 * the bootstrap stack's queue, with no DescribeStacks sweep (the sandbox's operator sweeps every
 * {@code SWEEP_INTERVAL}, 15 minutes, while events arrive). The sandbox runs in this JVM so that
 * its operator's sweeps can be counted; the pipeline is applied and read with the real kubectl.
 */
class SandboxEventsIT {

  private static final String NAMESPACE = "sandbox";
  private static final String REGION = "eu-west-1"; // examples/weather.yaml's

  @TempDir Path dir;

  @Test
  void aStackUpdatedBehindTheOperatorsBackShowsOnTheStatusWithinTenSecondsWithoutASweep()
      throws Exception {
    try (SandboxRuntime sandbox =
        SandboxRuntime.start(new SandboxConfig(dir.resolve("work"), null, null))) {
      Kubectl kubectl = new Kubectl(sandbox.kubeconfig());
      kubectl.run("create", "namespace", NAMESPACE).requireSuccess();
      kubectl.run("apply", "-f", "examples/weather.yaml").requireSuccess();
      kubectl
          .run("wait", "--for=condition=Ready", "dp/weather", "-n", NAMESPACE, "--timeout=180s")
          .requireSuccess();
      String table = stackField(kubectl, "table", "stackName");
      assertThat(stackField(kubectl, "table", "status")).isEqualTo("CREATE_COMPLETE");

      OperatorApp operator = sandbox.operator();
      long sweeps = settledSweeps(operator);
      CloudFormationClient cloudFormation = sandbox.aws().cloudFormation(REGION);
      updateBehindTheOperatorsBack(cloudFormation, table);

      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> "UPDATE_COMPLETE".equals(stackField(kubectl, "table", "status")));
      assertThat(operator.polls())
          .as("no DescribeStacks sweep: the event told the operator which stack to read")
          .isEqualTo(sweeps);
      assertThat(sandbox.events().regions()).as("the pipeline's region watched").contains(REGION);
      assertThat(sandbox.events().published()).isPositive();
      assertThat(
              kubectl.pipelineField(
                  NAMESPACE, "weather", "{.status.conditions[?(@.type==\"Ready\")].status}"))
          .as("what is deployed is still the pipeline's template: Ready, no change set")
          .isEqualTo("True");
    }
  }

  /**
   * The operator's sweep count once settled: unchanged for longer than two of the sandbox's settled
   * poll intervals (3 s), so the queue is read (sweeps every 3 s would mean it is not) and nothing
   * is in progress (sweeps every second).
   */
  private static long settledSweeps(OperatorApp operator) {
    long[] last = {operator.polls()};
    long[] since = {System.nanoTime()};
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              long now = operator.polls();
              if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
              }
              return System.nanoTime() - since[0] > Duration.ofSeconds(7).toNanos();
            });
    return last[0];
  }

  /**
   * An UpdateStack nobody asked the operator for: the deployed template with another description
   * (moto then reports UPDATE_COMPLETE), parameters and capabilities as they are.
   */
  private static void updateBehindTheOperatorsBack(CloudFormationClient cfn, String stackName)
      throws Exception {
    Stack stack = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
    ObjectMapper json = new ObjectMapper();
    ObjectNode template =
        (ObjectNode) json.readTree(cfn.getTemplate(r -> r.stackName(stackName)).templateBody());
    template.put("Description", "changed behind the operator's back");
    List<Parameter> previous =
        stack.parameters().stream()
            .map(
                p ->
                    Parameter.builder()
                        .parameterKey(p.parameterKey())
                        .usePreviousValue(true)
                        .build())
            .toList();
    String body = json.writeValueAsString(template);
    cfn.updateStack(
        r ->
            r.stackName(stackName)
                .templateBody(body)
                .parameters(previous)
                .capabilities(stack.capabilities()));
  }

  private static String stackField(Kubectl kubectl, String component, String field) {
    return kubectl.pipelineField(
        NAMESPACE,
        "weather",
        "{.status.stacks[?(@.component==\"" + component + "\")]." + field + "}");
  }
}
