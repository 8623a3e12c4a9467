package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
  static final String NAMESPACE = "per-account";

  static KubernetesClient client;

  private final AwsCallRecorder recorder = new AwsCallRecorder();
  private OperatorApp app;

  @BeforeAll
  static void installCrdAndCredentials() throws IOException {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(Path.of("../crds/datapipelines.datapipeline.io-v1.yml")),
            CustomResourceDefinition.class);
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private OperatorApp start(MotoAws aws) {
    OperatorConfig config =
        OperatorConfig.defaults()
            .embedded(-1, -1)
            .with(OperatorConfig.TENANCY, OperatorConfig.TENANCY_OPEN)
            .with(OperatorConfig.FAST_POLL_INTERVAL, Duration.ofSeconds(1))
            // Settled: no second sweep within the test, so every sweep counted is a restart's.
            .with(OperatorConfig.POLL_INTERVAL, Duration.ofMinutes(10))
            .with(OperatorConfig.AWS_ENDPOINT_URL, aws.endpoint().toString())
            .with(OperatorConfig.AWS_REGION, aws.region().id())
            .with(OperatorConfig.WATCH_NAMESPACES, Set.of(NAMESPACE));
    return OperatorApp.start(
        config,
        client,
        OperatorApp.Hooks.defaults(config)
            .withRenderer(MotoPlans::plan)
            .withInterceptors(List.of(recorder)));
  }

  @Test
  void aRestartSweepsEachAccountAndRegionOnceWhateverTheNumberOfSessions(MotoAws aws)
      throws IOException {
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
    pipelines.forEach(ObservationPerAccountIT::awaitReady);
    app.close();

    recorder.clear();
    app = start(aws);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> readyReconciliations(app) >= pipelines.size());
    // Quiet a while: nothing in progress, no further sweep is due for 10 minutes.
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);

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
    pipelines.forEach(ObservationPerAccountIT::awaitReady);
  }

  private static final Pattern READY_RECONCILIATIONS =
      Pattern.compile("datapipeline_reconciliations_total\\{result=\"ready\"} (\\d+)");

  private static long readyReconciliations(OperatorApp app) {
    Matcher m = READY_RECONCILIATIONS.matcher(app.metrics().scrape());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static DataPipeline newPipeline(String region, String roleArn) throws IOException {
    DataPipeline p =
        Serialization.unmarshal(
            Files.readString(Path.of("../crds/examples/minimal.yaml")), DataPipeline.class);
    p.getMetadata().setNamespace(NAMESPACE);
    p.getMetadata().setName("orders-" + UUID.randomUUID().toString().substring(0, 8));
    p.getSpec().aws.region = region;
    p.getSpec().aws.roleArn = roleArn;
    return client.resource(p).create();
  }

  private static void awaitReady(DataPipeline p) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              DataPipeline now =
                  client
                      .resources(DataPipeline.class)
                      .inNamespace(p.getMetadata().getNamespace())
                      .withName(p.getMetadata().getName())
                      .get();
              Condition ready =
                  now == null || now.getStatus() == null || now.getStatus().conditions == null
                      ? null
                      : now.getStatus().conditions.stream()
                          .filter(c -> "Ready".equals(c.type))
                          .findFirst()
                          .orElse(null);
              assertThat(ready).as("Ready of %s", p.getMetadata().getName()).isNotNull();
              assertThat(ready.status).as(ready.reason + " " + ready.message).isEqualTo("True");
            });
  }
}
