package io.datapipeline.render.moto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.api.v1alpha1.ColumnSpec;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.TableSpec;
import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.render.BootstrapStack;
import io.datapipeline.render.Component;
import io.datapipeline.render.Examples;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.PipelineRenderer;
import io.datapipeline.render.StackOutput;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import io.datapipeline.standins.MotoServer;
import io.datapipeline.standins.moto.MotoTemplateAdapter;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every example's plan deploys into moto_server through the AWS SDK: the bootstrap stack, then each
 * stack in plan order with the outputs of earlier stacks fed forward as parameters, as the operator
 * does. Every stack reaches CREATE_COMPLETE with every output its template declares; the bucket and
 * table then exist with the configured encryption and keys.
 *
 * <p>What moto cannot deploy is rewritten by {@link MotoTemplateAdapter} (test only). What the spec
 * assumes to exist already is created first: the VPC and subnets of an "existing network" (from our
 * own network template) and the ACM certificate of an HTTPS dashboard.
 */
@ExtendWith(MotoExtension.class)
class MotoDeploymentIT {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.datapipeline.render.Examples#names")
  void everyStackReachesCreateCompleteWithEveryOutputAndTheDataStoresExist(
      String example, MotoAws aws) throws Exception {
    CloudFormationClient cloudFormation = aws.client(CloudFormationClient.builder());
    S3Client s3 = aws.client(S3Client.builder().forcePathStyle(true));
    DynamoDbClient dynamoDb = aws.client(DynamoDbClient.builder());
    MotoStacks stacks = new MotoStacks(cloudFormation);

    // Once per account/region, before any pipeline.
    BootstrapStack bootstrap = new BootstrapRenderer().render();
    Stack bootstrapStack =
        stacks.create(
            bootstrap.stackName(),
            MotoTemplateAdapter.adapt(bootstrap.templateBody()).templateBody(),
            Map.of(),
            bootstrap.tags(),
            bootstrap.capabilities());
    String artifactsBucket =
        MotoStacks.outputs(bootstrapStack).get(BootstrapRenderer.OUTPUT_ARTIFACTS_BUCKET);
    assertThat(artifactsBucket)
        .isEqualTo(BootstrapRenderer.artifactsBucketName(MotoServer.ACCOUNT_ID, aws.region().id()));

    DataPipeline pipeline = Examples.load(example);
    Map<String, String> environment = prepareEnvironment(pipeline, stacks, aws);
    StackPlan plan =
        new PipelineRenderer(Examples.DEFAULTS)
            .render(pipeline.getSpec(), Examples.identity(pipeline));

    // The operator uploads the artifacts (the schema) before deploying the converter.
    plan.artifacts()
        .forEach(
            (key, content) ->
                s3.putObject(
                    b -> b.bucket(artifactsBucket).key(key), RequestBody.fromString(content)));

    Map<Component, Map<String, String>> outputs = new EnumMap<>(Component.class);
    for (StackSpec stack : plan.stacks()) {
      Map<String, String> parameters = new TreeMap<>();
      stack
          .parameters()
          .forEach(
              (name, value) -> {
                if (value instanceof ParameterValue.FromOutput from) {
                  assertThat(outputs)
                      .as("%s needs %s deployed first", stack.component(), from.component())
                      .containsKey(from.component());
                  parameters.put(name, outputs.get(from.component()).get(from.outputKey()));
                } else {
                  String literal = ((ParameterValue.Literal) value).value();
                  parameters.put(name, environment.getOrDefault(name, literal));
                }
              });
      Stack created =
          stacks.create(
              stack.stackName(),
              MotoTemplateAdapter.adapt(stack.templateBody()).templateBody(),
              parameters,
              stack.tags(),
              stack.capabilities());
      Map<String, String> stackOutputs = MotoStacks.outputs(created);
      assertThat(stackOutputs.keySet())
          .as("outputs of %s", stack.stackName())
          .containsExactlyInAnyOrderElementsOf(declaredOutputs(stack.templateBody()));
      assertThat(stackOutputs.values())
          .as("output values of %s", stack.stackName())
          .allMatch(v -> v != null && !v.isBlank());
      assertThat(created.tags())
          .anyMatch(
              t ->
                  t.key().equals("datapipeline.io/component")
                      && t.value().equals(stack.component().id()));
      outputs.put(stack.component(), stackOutputs);
    }

    assertBucket(s3, outputs.get(Component.STORAGE).get(StackOutput.BUCKET_NAME.key()), pipeline);
    assertTable(dynamoDb, outputs.get(Component.TABLE).get(StackOutput.TABLE_NAME.key()), pipeline);
    assertSchemaReadableWhereTheConverterLooks(s3, plan, artifactsBucket, aws);
  }

  /**
   * What the spec expects to exist before the pipeline: returns parameter overrides (the real ids
   * in moto replace the example's made-up VPC and subnet ids).
   */
  private static Map<String, String> prepareEnvironment(
      DataPipeline pipeline, MotoStacks stacks, MotoAws aws) {
    Map<String, String> overrides = new TreeMap<>();
    if (pipeline.getSpec().network.create == null) {
      StackSpec network = Examples.render("own-network").stacks().get(0);
      assertThat(network.component()).isEqualTo(Component.NETWORK);
      Map<String, String> existing =
          MotoStacks.outputs(
              stacks.create(
                  "fixture-existing-network",
                  network.templateBody(),
                  Map.of(),
                  Map.of(),
                  Set.of()));
      overrides.put("VpcId", existing.get(StackOutput.VPC_ID.key()));
      overrides.put("PrivateSubnetIds", existing.get(StackOutput.PRIVATE_SUBNET_IDS.key()));
      overrides.put("PublicSubnetIds", existing.get(StackOutput.PUBLIC_SUBNET_IDS.key()));
    }
    if (pipeline.getSpec().dashboard.certificateArn != null) {
      try (AcmClient acm = aws.client(AcmClient.builder())) {
        pipeline.getSpec().dashboard.certificateArn =
            acm.requestCertificate(b -> b.domainName("grafana.example.com")).certificateArn();
      }
    }
    return overrides;
  }

  private static Set<String> declaredOutputs(String templateBody) throws Exception {
    JsonNode outputs = CanonicalJson.mapper().readTree(templateBody).path("Outputs");
    Set<String> keys = new TreeSet<>();
    outputs.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static void assertBucket(S3Client s3, String bucket, DataPipeline pipeline) {
    if (pipeline.getSpec().ingest.bucketName != null) {
      assertThat(bucket).isEqualTo(pipeline.getSpec().ingest.bucketName);
    }
    s3.headBucket(b -> b.bucket(bucket));
    var rules = s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration();
    assertThat(rules.rules())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                    .isEqualTo("AES256"));
  }

  private static void assertTable(DynamoDbClient dynamoDb, String table, DataPipeline pipeline) {
    TableDescription description = dynamoDb.describeTable(b -> b.tableName(table)).table();
    if (pipeline.getSpec().schema.keyless()) {
      // Keyless data: the converter's item key (docs/contracts.md "Row identity").
      assertThat(description.keySchema())
          .extracting(k -> k.attributeName() + " " + k.keyType())
          .containsExactly("_dp_partition HASH", "_dp_line RANGE");
      assertThat(description.attributeDefinitions())
          .extracting(a -> a.attributeName() + " " + a.attributeTypeAsString())
          .containsExactlyInAnyOrder("_dp_partition S", "_dp_line N");
    }
    List<String> primaryKey =
        pipeline.getSpec().schema.keyless() ? List.of() : pipeline.getSpec().schema.primaryKey;
    if (!primaryKey.isEmpty()) {
      assertThat(description.keySchema()).hasSize(primaryKey.size());
    }
    for (int i = 0; i < primaryKey.size(); i++) {
      String column = primaryKey.get(i);
      assertThat(description.keySchema().get(i).attributeName()).isEqualTo(column);
      assertThat(description.keySchema().get(i).keyType())
          .isEqualTo(i == 0 ? KeyType.HASH : KeyType.RANGE);
      ColumnSpec spec =
          pipeline.getSpec().schema.columns.stream()
              .filter(c -> c.name.equals(column))
              .findFirst()
              .orElseThrow();
      String expectedType =
          switch (spec.type) {
            case INT64, FLOAT64, DECIMAL -> "N";
            default -> "S";
          };
      assertThat(description.attributeDefinitions())
          .anyMatch(
              a ->
                  a.attributeName().equals(column)
                      && a.attributeTypeAsString().equals(expectedType));
    }
    TableSpec tableSpec = pipeline.getSpec().table;
    assertThat(description.deletionProtectionEnabled())
        .isEqualTo(tableSpec.deletionPolicy == TableSpec.DeletionPolicy.Retain);
    if (tableSpec.billingMode == TableSpec.BillingMode.PROVISIONED) {
      assertThat(description.provisionedThroughput().readCapacityUnits())
          .isEqualTo(tableSpec.readCapacity.longValue());
      assertThat(description.provisionedThroughput().writeCapacityUnits())
          .isEqualTo(tableSpec.writeCapacity.longValue());
    } else {
      assertThat(description.billingModeSummary().billingModeAsString())
          .isEqualTo("PAY_PER_REQUEST");
    }
  }

  /** The converter's SCHEMA_S3_URI, resolved for moto's account and region, names the upload. */
  private static void assertSchemaReadableWhereTheConverterLooks(
      S3Client s3, StackPlan plan, String artifactsBucket, MotoAws aws) throws Exception {
    StackSpec converter =
        plan.stacks().stream()
            .filter(s -> s.component() == Component.CONVERTER)
            .findFirst()
            .orElseThrow();
    String uri =
        CanonicalJson.mapper()
            .readTree(converter.templateBody())
            .at("/Resources/Function/Properties/Environment/Variables/SCHEMA_S3_URI/Fn::Sub")
            .asText()
            .replace("${AWS::AccountId}", MotoServer.ACCOUNT_ID)
            .replace("${AWS::Region}", aws.region().id());
    String prefix = "s3://" + artifactsBucket + "/";
    assertThat(uri).startsWith(prefix);
    String key = uri.substring(prefix.length());
    String schema = s3.getObjectAsBytes(b -> b.bucket(artifactsBucket).key(key)).asUtf8String();
    assertThat(schema).isEqualTo(plan.artifacts().get(key));
  }
}
