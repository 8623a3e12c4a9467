package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.render.Component;
import io.datapipeline.render.PipelineIdentity;
import io.datapipeline.render.PipelineRenderer;
import io.datapipeline.render.RenderDefaults;
import io.datapipeline.render.StackOutput;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import io.datapipeline.standins.MotoServer;
import io.datapipeline.standins.moto.MotoTemplateAdapter;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Each example manifest of crds/examples, applied unchanged except for what must already exist in
 * the account (an existing VPC's ids, the ACM certificate, the account id in role ARNs), through
 * the operator with the product's real renderer: every stack reaches CREATE_COMPLETE in moto and
 * the pipeline turns Ready with its outputs and connection Secret. moto's CloudFormation gaps are
 * bridged by the shared test-only {@link MotoTemplateAdapter}, as in the sandbox.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class ExamplePipelinesIT {

  static KubernetesClient client;

  @RegisterExtension
  static final OperatorFixture operator =
      new OperatorFixture(() -> client).awaitingConditionsFor(Duration.ofSeconds(120));

  private static final RenderDefaults IMAGES =
      new RenderDefaults(
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:test",
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-grafana:test");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"minimal", "full", "own-network"})
  void examplePipelineBecomesReadyWithEveryStackCompleteAndItsOutputs(String example, MotoAws aws)
      throws IOException {
    DataPipeline pipeline = OperatorFixture.example(example);
    String namespace = pipeline.getMetadata().getNamespace();
    prepareAccount(pipeline, aws);
    startOperator(namespace, aws);

    operator.create(pipeline);

    DataPipeline ready = operator.awaitReady(pipeline);
    assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
    List<String> expectedComponents =
        new PipelineRenderer(IMAGES)
            .render(ready).stacks().stream().map(s -> s.component().id()).toList();
    assertThat(ready.getStatus().stacks)
        .extracting(s -> s.component)
        .containsExactlyElementsOf(expectedComponents);
    assertThat(ready.getStatus().stacks).extracting(s -> s.status).containsOnly("CREATE_COMPLETE");

    var region = Region.of(pipeline.getSpec().aws.region);
    CloudFormationClient cloudFormation =
        aws.configure(CloudFormationClient.builder()).region(region).build();
    for (StackStatus stack : ready.getStatus().stacks) {
      assertThat(
              cloudFormation
                  .describeStacks(r -> r.stackName(stack.stackName))
                  .stacks()
                  .get(0)
                  .stackStatusAsString())
          .as(stack.stackName)
          .isEqualTo("CREATE_COMPLETE");
    }

    var outputs = ready.getStatus().outputs;
    assertThat(outputs.bucketName).isNotBlank();
    assertThat(outputs.tableName).isNotBlank();
    assertThat(outputs.converterFunctionArn).startsWith("arn:aws:lambda:");
    assertThat(outputs.databaseEndpoint).isNotBlank();
    assertThat(outputs.databaseSecretArn).startsWith("arn:aws:secretsmanager:");
    if (pipeline.getSpec().ingest.bucketName != null) {
      assertThat(outputs.bucketName).isEqualTo(pipeline.getSpec().ingest.bucketName);
    }
    if (Boolean.TRUE.equals(pipeline.getSpec().dashboard.enabled)) {
      assertThat(outputs.dashboardUrl)
          .startsWith(pipeline.getSpec().dashboard.certificateArn != null ? "https://" : "http://");
    }
    aws.configure(S3Client.builder().forcePathStyle(true))
        .region(region)
        .build()
        .headBucket(b -> b.bucket(outputs.bucketName));
    assertThat(
            aws.configure(DynamoDbClient.builder())
                .region(region)
                .build()
                .describeTable(b -> b.tableName(outputs.tableName))
                .table()
                .keySchema())
        .extracting(k -> k.attributeName())
        .containsExactlyElementsOf(
            pipeline.getSpec().schema.keyless()
                ? List.of("_dp_partition", "_dp_line") // the converter's keyless item key
                : pipeline.getSpec().schema.primaryKey);

    Secret connection =
        client
            .secrets()
            .inNamespace(namespace)
            .withName(pipeline.getMetadata().getName() + "-connection")
            .get();
    assertThat(connection).isNotNull();
    assertThat(connection.getData()).containsKeys("bucketName", "tableName", "databaseEndpoint");
    assertThat(connection.getData().keySet())
        .noneMatch(k -> k.toLowerCase(Locale.ROOT).contains("password"));
  }

  private void startOperator(String namespace, MotoAws aws) {
    PipelineRenderer renderer = new PipelineRenderer(IMAGES);
    operator.start(
        OperatorFixture.config(aws, Set.of(namespace)),
        pipeline -> adaptForMoto(renderer.render(pipeline)),
        List.of());
  }

  private static StackPlan adaptForMoto(StackPlan plan) {
    return plan.withEachStack(
        s -> s.withTemplateBody(MotoTemplateAdapter.adapt(s.templateBody()).templateBody()));
  }

  /**
   * Creates what the example expects to exist already: the VPC and subnets of an existing network
   * (from the product's own network template, the ids then written into the spec), the ACM
   * certificate, and role ARNs in moto's single account.
   */
  private static void prepareAccount(DataPipeline pipeline, MotoAws aws) throws IOException {
    var spec = pipeline.getSpec();
    var region = Region.of(spec.aws.region);
    if (spec.network.create == null) {
      DataPipeline owner = OperatorFixture.example("own-network");
      StackSpec network =
          new PipelineRenderer(IMAGES)
              .render(owner.getSpec(), new PipelineIdentity("fixture", "network", "fixture-uid"))
              .stacks()
              .get(0);
      assertThat(network.component()).isEqualTo(Component.NETWORK);
      CloudFormationClient cloudFormation =
          aws.configure(CloudFormationClient.builder()).region(region).build();
      cloudFormation.createStack(
          b -> b.stackName("fixture-existing-network").templateBody(network.templateBody()));
      Map<String, String> existing =
          cloudFormation
              .describeStacks(b -> b.stackName("fixture-existing-network"))
              .stacks()
              .get(0)
              .outputs()
              .stream()
              .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
      spec.network.vpcId = existing.get(StackOutput.VPC_ID.key());
      spec.network.privateSubnetIds =
          List.of(existing.get(StackOutput.PRIVATE_SUBNET_IDS.key()).split(","));
      spec.network.publicSubnetIds =
          List.of(existing.get(StackOutput.PUBLIC_SUBNET_IDS.key()).split(","));
    }
    if (spec.dashboard.certificateArn != null) {
      try (AcmClient acm = aws.configure(AcmClient.builder()).region(region).build()) {
        spec.dashboard.certificateArn =
            acm.requestCertificate(b -> b.domainName("grafana.example.com")).certificateArn();
      }
    }
    // moto keeps resources per account: keep the pipeline's roles in moto's one account.
    if (spec.aws.roleArn != null) {
      spec.aws.roleArn =
          spec.aws.roleArn.replaceAll(":[0-9]{12}:", ":" + MotoServer.ACCOUNT_ID + ":");
    }
    if (spec.aws.cloudFormationRoleArn != null) {
      spec.aws.cloudFormationRoleArn =
          spec.aws.cloudFormationRoleArn.replaceAll(
              ":[0-9]{12}:", ":" + MotoServer.ACCOUNT_ID + ":");
    }
  }
}
