package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.render.StackPlan;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.ThrowingConsumer;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator end to end: the fabric8 mock API server (CRUD mode) as Kubernetes, moto_server as
 * AWS reached through the real SDK, the operator started as the sandbox starts it.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class OperatorIT {

  static KubernetesClient client;

  @RegisterExtension static final OperatorFixture operator = new OperatorFixture(() -> client);

  private final AwsCallRecorder recorder = new AwsCallRecorder();
  private OperatorApp app;

  private void startOperator(
      String namespace,
      MotoAws aws,
      Function<DataPipeline, StackPlan> renderer,
      ExecutionInterceptor... extra) {
    List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(extra));
    interceptors.add(recorder);
    app = operator.start(OperatorFixture.config(aws, Set.of(namespace)), renderer, interceptors);
  }

  /** Starts the operator on {@code namespace} and returns a new pipeline there once Ready. */
  private DataPipeline readyPipeline(
      String namespace, MotoAws aws, Function<DataPipeline, StackPlan> renderer) {
    startOperator(namespace, aws, renderer);
    DataPipeline p = operator.newPipeline(namespace);
    operator.awaitCondition(p, "Ready", "True");
    return p;
  }

  /**
   * Waits until the operator has observed an edit past {@code generation}, the pipeline is Ready
   * again and {@code also} holds of it.
   */
  private static void awaitReadyAfter(
      DataPipeline p, long generation, ThrowingConsumer<DataPipeline> also) {
    await()
        .atMost(operator.convergenceTimeout())
        .untilAsserted(
            () -> {
              DataPipeline now = operator.current(p);
              assertThat(now.getStatus().observedGeneration).isGreaterThan(generation);
              Condition ready = operator.condition(p, "Ready");
              assertThat(ready.status)
                  .as("Ready: %s %s; stacks %s", ready.reason, ready.message, stacksOf(now))
                  .isEqualTo("True");
              also.accept(now);
            });
  }

  /** The status's stacks as "component status", for a failure's message. */
  private static List<String> stacksOf(DataPipeline p) {
    return p.getStatus().stacks.stream().map(s -> s.component + " " + s.status).toList();
  }

  private static String secretValue(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  void pipelineBecomesReadyWithOutputsAndConnectionSecret(MotoAws aws) throws IOException {
    startOperator("team-a", aws, MotoPlans::plan);
    DataPipeline p = operator.newPipeline("team-a");

    operator.awaitCondition(p, "Ready", "True");

    DataPipeline ready = operator.current(p);
    String prefix = "team-a-" + p.getMetadata().getName();
    assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().outputs.bucketName).isEqualTo("dp-" + prefix + "-bucket");
    assertThat(ready.getStatus().outputs.tableName).isEqualTo(prefix + "-rows");
    assertThat(ready.getStatus().outputs.databaseEndpoint).isEqualTo("db." + prefix + ".internal");
    assertThat(ready.getStatus().stacks)
        .extracting(s -> s.status)
        .containsOnly("CREATE_COMPLETE")
        .hasSize(4);
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    for (Component c :
        List.of(Component.DATABASE, Component.TABLE, Component.CONVERTER, Component.STORAGE)) {
      assertThat(
              cfn.describeStacks(r -> r.stackName(TestPlans.stackName(p, c)))
                  .stacks()
                  .get(0)
                  .stackStatus())
          .isEqualTo(StackStatus.CREATE_COMPLETE);
    }
    Secret secret =
        client
            .secrets()
            .inNamespace("team-a")
            .withName(p.getMetadata().getName() + "-connection")
            .get();
    assertThat(secret).isNotNull();
    assertThat(secretValue(secret, "bucketName")).isEqualTo("dp-" + prefix + "-bucket");
    assertThat(secretValue(secret, "databasePort")).isEqualTo("5432");
    assertThat(secret.getData().keySet()).noneMatch(k -> k.toLowerCase().contains("password"));
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(ready.getMetadata().getUid()));
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .extracting(e -> e.getReason())
        .contains("StackCreating", "StackCreated");
  }

  @Test
  void servesProbesAndPrometheusMetrics(MotoAws aws) throws Exception {
    // Probes and metrics on ephemeral ports, the default poll intervals.
    OperatorConfig config =
        OperatorFixture.withDefaultPolls(OperatorFixture.config(aws, Set.of("team-f")))
            .embedded(0, 0);
    app = operator.start(config, MotoPlans::plan, List.of());
    DataPipeline p = operator.newPipeline("team-f");
    operator.awaitCondition(p, "Ready", "True");

    var http = HttpClient.newHttpClient();
    for (String path : List.of("/healthz", "/readyz")) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.healthPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
    }
    String metrics =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.metricsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("datapipeline_reconciliations_total{result=\"ready\"}")
        .contains("datapipeline_pipelines{condition=\"Ready\",status=\"True\"} 1")
        .contains("datapipeline_stacks{status=\"CREATE_COMPLETE\"} 4")
        .contains("datapipeline_cloudformation_calls_total{operation=\"CreateChangeSet\"} 4")
        .contains("datapipeline_cloudformation_throttles_total 0");
  }

  @Test
  void editingTheSpecChangesOnlyTheAffectedStack(MotoAws aws) throws IOException {
    DataPipeline p = readyPipeline("team-b", aws, MotoPlans::plan);
    long generation = operator.current(p).getMetadata().getGeneration();
    recorder.clear();

    operator.edit(p, d -> d.getSpec().converter.memoryMiB = 2048);

    awaitReadyAfter(p, generation, now -> {});
    assertThat(recorder.mutating())
        .extracting(AwsCallRecorder.Call::stackName)
        .isNotEmpty()
        .containsOnly(TestPlans.stackName(p, Component.CONVERTER));
  }

  @Test
  void deletingRemovesStacksInReverseOrderAndKeepsRetainedData(MotoAws aws) throws IOException {
    DataPipeline p = readyPipeline("team-c", aws, MotoPlans::plan);
    recorder.clear();

    client.resource(operator.current(p)).delete();

    operator.awaitGone(p);
    assertThat(recorder.calls("DeleteStack"))
        .extracting(AwsCallRecorder.Call::stackName)
        .containsExactly(
            TestPlans.stackName(p, Component.STORAGE),
            TestPlans.stackName(p, Component.CONVERTER),
            TestPlans.stackName(p, Component.TABLE),
            TestPlans.stackName(p, Component.DATABASE));
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    assertThat(cfn.describeStacks().stacks())
        .filteredOn(s -> s.stackName().contains(p.getMetadata().getName()))
        .allSatisfy(s -> assertThat(s.stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE));
    String table = "team-c-" + p.getMetadata().getName() + "-rows";
    DynamoDbClient dynamo = aws.client(DynamoDbClient.builder());
    assertThat(dynamo.listTables().tableNames())
        .as("the table's DeletionPolicy is Retain")
        .contains(table);
    // moto reports the kept table with a DELETE_SKIPPED event (aws-standins' deletion fixes), as
    // AWS does: the Event names it with its ARN.
    await()
        .atMost(operator.convergenceTimeout())
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("team-c").list().getItems())
                    .filteredOn(e -> "Retained".equals(e.getReason()))
                    .extracting(e -> e.getMessage())
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(
                                    "(AWS::DynamoDB::Table) arn:aws:dynamodb:",
                                    ":table/" + table,
                                    "kept in AWS, as its deletion policy says")));
    assertThat(client.v1().events().inNamespace("team-c").list().getItems())
        .extracting(e -> e.getReason())
        .contains("StacksDeleted")
        .doesNotContain("ResourcesLeftBehind");
  }

  @Test
  void dashboardToggledOffHasItsStackDeletedAndThePipelineReady(MotoAws aws) throws IOException {
    DataPipeline p = readyPipeline("team-g", aws, MotoPlans::planWithOptionalDashboard);
    assertThat(operator.current(p).getStatus().stacks).hasSize(5);
    assertThat(operator.current(p).getStatus().outputs.dashboardUrl).isNotNull();
    long generation = operator.current(p).getMetadata().getGeneration();
    String dashboardStack = TestPlans.stackName(p, Component.DASHBOARD);
    recorder.clear();

    operator.edit(p, d -> d.getSpec().dashboard.enabled = false);

    awaitReadyAfter(
        p,
        generation,
        now ->
            assertThat(now.getStatus().stacks)
                .extracting(s -> s.component)
                .containsExactly("database", "table", "converter", "storage"));
    assertThat(operator.current(p).getStatus().outputs.dashboardUrl).isNull();
    assertThat(recorder.mutating())
        .extracting(c -> c.operation() + " " + c.stackName())
        .containsExactly("DeleteStack " + dashboardStack);
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    assertThat(cfn.describeStacks().stacks())
        .filteredOn(s -> s.stackName().equals(dashboardStack))
        .allSatisfy(s -> assertThat(s.stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE));
    await()
        .atMost(operator.convergenceTimeout())
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("team-g").list().getItems())
                    .extracting(e -> e.getReason())
                    .contains("ComponentRemoved"));
  }

  @Test
  void regionChangeIsRefusedWithNoCallInTheNewRegion(MotoAws aws) throws IOException {
    DataPipeline p = readyPipeline("team-h", aws, MotoPlans::plan);
    String region = operator.current(p).getSpec().aws.region;
    recorder.clear();

    // The mock API server runs no admission: the manifest reaches the operator as written.
    operator.edit(p, d -> d.getSpec().aws.region = "us-west-2");

    operator.awaitCondition(p, "Stalled", "True");
    Condition stalled = operator.condition(p, "Stalled");
    assertThat(stalled.reason).isEqualTo("InvalidSpec");
    assertThat(stalled.message)
        .startsWith("spec.aws.region: is us-west-2 but the pipeline's stacks are in " + region)
        .contains("to move a pipeline");
    assertThat(operator.current(p).getStatus().placement.region).isEqualTo(region);
    assertThat(recorder.calls()).noneMatch(c -> c.region().equals("us-west-2"));
    assertThat(recorder.mutating()).isEmpty();
    CloudFormationClient elsewhere =
        aws.configure(CloudFormationClient.builder()).region(Region.US_WEST_2).build();
    assertThat(elsewhere.describeStacks().stacks())
        .as("nothing in us-west-2")
        .noneMatch(s -> s.stackName().contains(p.getMetadata().getName()));

    // Deleting it removes the stacks where they are.
    client.resource(operator.current(p)).delete();
    operator.awaitGone(p);
    assertThat(recorder.calls("DeleteStack")).hasSize(4).allMatch(c -> c.region().equals(region));
  }

  @Test
  void suspendedPipelineMakesNoAwsCalls(MotoAws aws) throws Exception {
    DataPipeline p = readyPipeline("team-d", aws, MotoPlans::plan);

    operator.edit(
        p,
        d -> {
          d.getSpec().suspend = true;
          d.getSpec().converter.memoryMiB = 4096;
        });
    operator.awaitCondition(p, "Suspended", "True");
    // A poll that started before the suspension took effect may still be on its way out.
    operator.awaitUnchanged(() -> recorder.calls().size(), Duration.ofSeconds(1));
    recorder.clear();
    Thread.sleep(4_000); // four settled poll intervals, sixteen fast ones: none may call AWS

    assertThat(recorder.calls()).isEmpty();
    assertThat(operator.condition(p, "Ready").reason).isEqualTo("Suspended");
  }

  @Test
  void convergesDespiteThrottledCloudFormationCalls(MotoAws aws) throws IOException {
    ThrottlingInjector throttling = new ThrottlingInjector(0.3);
    startOperator("team-e", aws, MotoPlans::plan, throttling);
    DataPipeline p = operator.newPipeline("team-e");

    operator.awaitCondition(p, "Ready", "True");

    assertThat(throttling.injected()).isPositive();
    assertThat(app.metrics().scrape()).contains("datapipeline_cloudformation_throttles_total");
    // Retried calls must not have made anything twice: one stack and one change set per stack.
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    for (Component c :
        List.of(Component.DATABASE, Component.TABLE, Component.CONVERTER, Component.STORAGE)) {
      String name = TestPlans.stackName(p, c);
      assertThat(cfn.describeStacks().stacks())
          .filteredOn(s -> s.stackName().equals(name))
          .hasSize(1);
      // (moto's ListChangeSets ignores its StackName filter: filter here)
      assertThat(cfn.listChangeSets(r -> r.stackName(name)).summaries())
          .filteredOn(cs -> cs.stackName().equals(name))
          .hasSize(1);
    }
  }
}
