package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.deploy.Bootstrap;
import io.datapipeline.render.StackPlan;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Observation is per account and region, not per session: pipelines that each assume their own role
 * (one session per pipeline, so that session names and tags say which pipeline acts) share the
 * sweep of their account and region. The restart criterion on moto: many Ready pipelines
 * over three accounts/regions, operator restarted, exactly one DescribeStacks sweep per account and
 * region left the process, and no change set was made.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class ObservationPerAccountIT {

  static final String OWN_ACCOUNT = "123456789012";
  static final String ROLE_A = "arn:aws:iam::111111111111:role/datapipeline-team-a";
  static final String ROLE_IN_OWN_ACCOUNT = "arn:aws:iam::" + OWN_ACCOUNT + ":role/datapipeline";

  /**
   * A namespace per test: the mock API server lives for the class while moto is reset per test, so
   * an earlier test's pipelines, watched again, would recreate their stacks during a later test.
   */
  private String namespace;

  static KubernetesClient client;

  @RegisterExtension static final OperatorFixture operator = new OperatorFixture(() -> client);

  private final AwsCallRecorder recorder = new AwsCallRecorder();
  private OperatorApp app;

  private OperatorApp start(MotoAws aws) {
    return start(aws, MotoPlans::plan);
  }

  private OperatorApp start(MotoAws aws, Function<DataPipeline, StackPlan> planner) {
    OperatorConfig config =
        OperatorFixture.config(aws, Set.of(namespace))
            .with(OperatorConfig.FAST_POLL_INTERVAL, Duration.ofSeconds(1))
            // Settled: no second sweep within the test, so every sweep counted is a restart's.
            .with(OperatorConfig.POLL_INTERVAL, Duration.ofMinutes(10));
    return operator.start(config, planner, List.of(recorder));
  }

  /** MotoPlans' plan with a schema artifact: the pipeline needs the bootstrap stack's bucket. */
  private static StackPlan withArtifact(DataPipeline p) {
    StackPlan plan = MotoPlans.plan(p);
    return new StackPlan(
        plan.stacks(), Map.of("schemas/" + p.getMetadata().getName() + ".json", "{}"));
  }

  @Test
  void pipelinesOfOneAccountAppliedAtOnceCreateItsBootstrapStackOnce(MotoAws aws) {
    namespace = "per-account-bootstrap";
    // Each pipeline assumes the role in a session of its own; they reconcile in parallel.
    List<DataPipeline> pipelines = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pipelines.add(newPipeline("eu-west-1", ROLE_A));
    }
    app = start(aws, ObservationPerAccountIT::withArtifact);
    pipelines.forEach(operator::awaitReady);

    assertThat(recorder.calls("CreateChangeSet"))
        .filteredOn(c -> Bootstrap.STACK_NAME.equals(c.stackName()))
        .as("one change set creates the account's bootstrap stack, whatever the sessions")
        .hasSize(1);
    assertThat(recorder.calls("ExecuteChangeSet"))
        .filteredOn(c -> Bootstrap.STACK_NAME.equals(c.stackName()))
        .hasSize(1);
  }

  @Test
  void aRestartSweepsEachAccountAndRegionOnceWhateverTheNumberOfSessions(MotoAws aws)
      throws IOException {
    namespace = "per-account-restart";
    List<DataPipeline> pipelines = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pipelines.add(newPipeline("eu-west-1", ROLE_A)); // account A, a session each
      pipelines.add(newPipeline("us-east-1", ROLE_A)); // account A, another region
    }
    // The operator's own account, as itself and through a role of that account.
    pipelines.add(newPipeline("eu-west-1", null));
    pipelines.add(newPipeline("eu-west-1", ROLE_IN_OWN_ACCOUNT));
    pipelines.add(newPipeline("eu-west-1", ROLE_IN_OWN_ACCOUNT));
    app = start(aws);
    pipelines.forEach(operator::awaitReady);
    app.close();

    recorder.clear();
    app = start(aws);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> readyReconciliations(app) >= pipelines.size());
    // Nothing in progress, no further sweep is due for 10 minutes: any that still comes is counted.
    operator.awaitSweepsSettled(app, Duration.ofSeconds(3));

    assertThat(app.pollsByAccountAndRegion())
        .as("one sweep per account and region, whatever the number of sessions there")
        .isEqualTo(
            Map.of(
                "eu-west-1/111111111111",
                1L,
                "us-east-1/111111111111",
                1L,
                "eu-west-1/" + OWN_ACCOUNT,
                1L));
    assertThat(
            recorder.calls("DescribeStacks").stream().filter(c -> c.stackName() == null).toList())
        .as("the sweeps that left the process")
        .hasSize(3)
        .extracting(AwsCallRecorder.Call::region)
        .containsExactlyInAnyOrder("eu-west-1", "us-east-1", "eu-west-1");
    assertThat(recorder.mutating())
        .as("a restart changes nothing in AWS (role sessions and the events queue aside)")
        .allSatisfy(
            c ->
                assertThat(c.operation())
                    .isIn("AssumeRole", "ReceiveMessage", "GetQueueUrl", "DeleteMessageBatch"));
    assertThat(recorder.calls("CreateChangeSet")).isEmpty();
    pipelines.forEach(operator::awaitReady);
  }

  private static final Pattern READY_RECONCILIATIONS =
      Pattern.compile("datapipeline_reconciliations_total\\{result=\"ready\"} (\\d+)");

  private static long readyReconciliations(OperatorApp app) {
    Matcher m = READY_RECONCILIATIONS.matcher(app.metrics().scrape());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private DataPipeline newPipeline(String region, String roleArn) {
    return operator.newPipeline(
        namespace,
        p -> {
          p.getSpec().aws.region = region;
          p.getSpec().aws.roleArn = roleArn;
        });
  }
}
