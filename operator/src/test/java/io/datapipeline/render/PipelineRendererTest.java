package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class PipelineRendererTest {

  private static StackSpec stack(StackPlan plan, Component component) {
    return plan.stacks().stream()
        .filter(s -> s.component() == component)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + component + " stack"));
  }

  private static JsonNode json(StackSpec stack) throws Exception {
    return CanonicalJson.mapper().readTree(stack.templateBody());
  }

  @Test
  void theTenantsPermissionsBoundaryIsOnEveryRoleAndNothingElseChanges() throws Exception {
    String boundary = "arn:aws:iam::111122223333:policy/dp-boundary";
    DataPipeline pipeline = Examples.load("full");
    StackPlan bounded =
        new PipelineRenderer(Examples.DEFAULTS)
            .render(pipeline.getSpec(), Examples.identity(pipeline), boundary);
    StackPlan unbounded = Examples.render("full");

    List<JsonNode> roles = new ArrayList<>();
    for (int i = 0; i < bounded.stacks().size(); i++) {
      JsonNode with = json(bounded.stacks().get(i));
      JsonNode without = json(unbounded.stacks().get(i));
      for (var resource : with.path("Resources").properties()) {
        JsonNode properties = resource.getValue().path("Properties");
        ObjectNode expected =
            without.path("Resources").path(resource.getKey()).path("Properties").deepCopy();
        if (resource.getValue().path("Type").asText().equals("AWS::IAM::Role")) {
          roles.add(properties);
          assertThat(expected.has("PermissionsBoundary"))
              .as("%s without a boundary", resource.getKey())
              .isFalse();
          expected.put("PermissionsBoundary", boundary);
        }
        assertThat(properties).as(resource.getKey()).isEqualTo(expected);
      }
    }
    // Converter role, Grafana execution and task roles.
    assertThat(roles)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.path("PermissionsBoundary").asText()).isEqualTo(boundary));
  }

  @Test
  void sameSpecRendersByteIdenticalTemplates() {
    for (String example : Examples.names()) {
      StackPlan first = Examples.render(example);
      StackPlan second = Examples.render(example);
      assertThat(second).as(example).isEqualTo(first);
      assertThat(second.stacks())
          .extracting(StackSpec::templateHash)
          .containsExactlyElementsOf(first.stacks().stream().map(StackSpec::templateHash).toList());
    }
  }

  @Test
  void stacksComeInDependencyOrderAndDependOnlyOnEarlierStacks() {
    StackPlan plan = Examples.render("own-network");
    assertThat(plan.stacks())
        .extracting(StackSpec::component)
        .containsExactly(
            Component.NETWORK,
            Component.DATABASE,
            Component.TABLE,
            Component.CONVERTER,
            Component.STORAGE,
            Component.DASHBOARD);
    for (int i = 0; i < plan.stacks().size(); i++) {
      List<Component> earlier =
          plan.stacks().subList(0, i).stream().map(StackSpec::component).toList();
      assertThat(earlier).containsAll(plan.stacks().get(i).dependsOn());
    }
    assertThat(stack(plan, Component.STORAGE).dependsOn()).containsExactly(Component.CONVERTER);
    assertThat(stack(plan, Component.TABLE).dependsOn()).isEmpty();
  }

  @Test
  void existingNetworkIsPassedAsLiteralsAndNoNetworkStackIsRendered() {
    StackPlan plan = Examples.render("minimal");
    assertThat(plan.stacks()).extracting(StackSpec::component).doesNotContain(Component.NETWORK);
    assertThat(stack(plan, Component.DATABASE).parameters())
        .containsEntry("VpcId", ParameterValue.literal("vpc-0a1b2c3d4e5f67890"))
        .containsEntry(
            "PrivateSubnetIds",
            ParameterValue.literal("subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002"));
    assertThat(stack(plan, Component.DATABASE).dependsOn()).isEmpty();
  }

  @Test
  void everyStackIsTaggedWithThePipelineAndTheSpecTags() {
    StackPlan plan = Examples.render("full");
    for (StackSpec stack : plan.stacks()) {
      assertThat(stack.tags())
          .containsEntry("datapipeline.io/namespace", "tenant-b")
          .containsEntry("datapipeline.io/name", "orders")
          .containsEntry("datapipeline.io/component", stack.component().id())
          .containsEntry("cost-center", "42")
          .containsKey("datapipeline.io/uid");
      // New pipelines: a readable prefix, then 16 hex of sha256(<namespace>/<name>).
      assertThat(stack.stackName())
          .isEqualTo(
              "dp-tenant-b-orders-"
                  + Names.sha256Hex("tenant-b/orders").substring(0, 16)
                  + "-"
                  + stack.component().id());
    }
  }

  @Test
  void longNamesAreShortenedToValidUniqueStackNames() {
    StackPlan plan = SpecVariants.variants().get("long-names");
    for (StackSpec stack : plan.stacks()) {
      assertThat(stack.stackName())
          .hasSizeLessThanOrEqualTo(128)
          .matches("[a-zA-Z][-a-zA-Z0-9]*")
          .endsWith("-" + stack.component().id());
    }
    PipelineIdentity a = new PipelineIdentity("n".repeat(63), "x".repeat(200) + "a", "u");
    PipelineIdentity b = new PipelineIdentity("n".repeat(63), "x".repeat(200) + "b", "u");
    assertThat(Names.hashedName(a, "database")).isNotEqualTo(Names.hashedName(b, "database"));
    assertThat(Names.legacyName(a, "database"))
        .hasSizeLessThanOrEqualTo(128)
        .isNotEqualTo(Names.legacyName(b, "database"));
  }

  @Test
  void defaultBucketNameIsDnsSafeAndDiffersPerUid() {
    PipelineIdentity first = new PipelineIdentity("Team.A", "Orders_2024." + "x".repeat(80), "1");
    PipelineIdentity second = new PipelineIdentity("Team.A", "Orders_2024." + "x".repeat(80), "2");
    String name = Names.defaultBucketName(first);
    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9][a-z0-9-]*[a-z0-9]");
    assertThat(name).doesNotContain("--");
    assertThat(Names.defaultBucketName(second)).isNotEqualTo(name);
    assertThat(Names.defaultBucketName(new PipelineIdentity("tenant-a", "weather", "1")))
        .startsWith("dp-tenant-a-weather-");
  }

  @Test
  void defaultDatabaseTableIsTheSqlSafePipelineName() {
    assertThat(Names.defaultTableName(new PipelineIdentity("ns", "daily-orders.v2", "u")))
        .isEqualTo("daily_orders_v2");
    assertThat(Names.defaultTableName(new PipelineIdentity("ns", "2024-orders", "u")))
        .isEqualTo("t_2024_orders");
  }

  @Test
  void converterEnvironmentFollowsTheContract() throws Exception {
    StackPlan plan = Examples.render("minimal");
    JsonNode env =
        json(stack(plan, Component.CONVERTER))
            .at("/Resources/Function/Properties/Environment/Variables");
    assertThat(env.path("PIPELINE").asText()).isEqualTo("tenant-a/weather");
    assertThat(env.path("DB_NAME").asText()).isEqualTo("datapipeline");
    assertThat(env.path("DB_TABLE").asText()).isEqualTo("weather");
    assertThat(env.path("DB_SSL_MODE").asText()).isEqualTo("verify-full");
    assertThat(env.path("FAILURE_QUEUE_URL").path("Ref").asText()).isEqualTo("FailureQueue");
    assertThat(env.path("SPLIT_QUEUE_URL").path("Ref").asText()).isEqualTo("SplitQueue");
    assertThat(env.path("SPLIT_THRESHOLD_BYTES").asText()).isEqualTo("268435456");
    assertThat(env.path("DB_SECRET_ARN").path("Ref").asText()).isEqualTo("DatabaseSecretArn");
    assertThat(env.path("DB_READER_SECRET_ARN").path("Ref").asText())
        .isEqualTo("DatabaseReaderSecretArn");
    assertThat(env.path("DYNAMODB_TABLE").path("Ref").asText()).isEqualTo("TableName");
    String schemaKey = plan.artifacts().keySet().iterator().next();
    assertThat(env.at("/SCHEMA_S3_URI/Fn::Sub").asText())
        .isEqualTo("s3://datapipeline-artifacts-${AWS::AccountId}-${AWS::Region}/" + schemaKey);
    assertThat(schemaKey).matches("schemas/tenant-a/weather/[0-9a-f]{64}\\.json");
  }

  @Test
  void schemaArtifactIsTheSpecSchemaAsJson() throws Exception {
    DataPipeline pipeline = Examples.load("full");
    StackPlan plan = Examples.render("full");
    JsonNode schema = CanonicalJson.mapper().readTree(plan.artifacts().values().iterator().next());
    assertThat(schema.path("primaryKey").get(0).asText()).isEqualTo("order_id");
    assertThat(schema.path("columns")).hasSize(pipeline.getSpec().schema.columns.size());
    assertThat(schema.at("/columns/1/precision").asInt()).isEqualTo(12);
    assertThat(schema.path("nullValues").toString()).isEqualTo("[\"\",\"NA\"]");
  }

  @Test
  void aChangedSchemaChangesTheConverterTemplate() {
    DataPipeline pipeline = Examples.load("minimal");
    PipelineRenderer renderer = new PipelineRenderer(Examples.DEFAULTS);
    String before =
        stack(renderer.render(pipeline.getSpec(), Examples.identity(pipeline)), Component.CONVERTER)
            .templateHash();
    pipeline.getSpec().schema.columns.get(1).nullable = false;
    String after =
        stack(renderer.render(pipeline.getSpec(), Examples.identity(pipeline)), Component.CONVERTER)
            .templateHash();
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void missingImagesWithoutDefaultsNameTheField() {
    DataPipeline pipeline = Examples.load("minimal");
    PipelineIdentity id = Examples.identity(pipeline);
    assertThatThrownBy(
            () -> new PipelineRenderer(RenderDefaults.none()).render(pipeline.getSpec(), id))
        .isInstanceOf(InvalidSpecException.class)
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo("spec.converter.image");
    assertThatThrownBy(
            () ->
                new PipelineRenderer(new RenderDefaults(Examples.DEFAULTS.converterImage(), null))
                    .render(pipeline.getSpec(), id))
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo("spec.dashboard.image");
  }

  @Test
  void aTableNameThatIsTheAuditTableIsRefusedAlsoWhenDefaulted() {
    DataPipeline pipeline = Examples.load("minimal");
    PipelineRenderer renderer = new PipelineRenderer(Examples.DEFAULTS);
    // minimal.yaml sets no tableName: the default comes from the pipeline name.
    assertThat(pipeline.getSpec().database.tableName).isNull();
    assertThatThrownBy(
            () ->
                renderer.render(
                    pipeline.getSpec(), new PipelineIdentity("tenant-a", "pipeline-loads", "u")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "spec.database.tableName: defaults to the pipeline name made SQL-safe,"
                + " pipeline_loads, which is the converter's audit table; set another tableName");

    pipeline.getSpec().database.tableName = "pipeline_loads";
    assertThatThrownBy(() -> renderer.render(pipeline.getSpec(), Examples.identity(pipeline)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "spec.database.tableName: pipeline_loads is the converter's audit table; choose"
                + " another name");

    pipeline.getSpec().database.tableName = "loads";
    assertThat(renderer.render(pipeline.getSpec(), Examples.identity(pipeline)).stacks())
        .isNotEmpty();
  }

  @Test
  void specImagesWinOverDefaults() throws Exception {
    StackPlan plan = Examples.render("full");
    assertThat(
            json(stack(plan, Component.CONVERTER))
                .at("/Resources/Function/Properties/Code/ImageUri")
                .asText())
        .isEqualTo("111122223333.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:1.0.0");
    assertThat(
            json(stack(plan, Component.DASHBOARD))
                .at("/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Image")
                .asText())
        .isEqualTo("111122223333.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-grafana:1.0.0");
  }

  @Test
  void disabledDashboardRendersNoDashboardStackAndNoGrafanaSecurityGroup() throws Exception {
    StackPlan plan = SpecVariants.variants().get("no-dashboard");
    assertThat(plan.stacks()).extracting(StackSpec::component).doesNotContain(Component.DASHBOARD);
    JsonNode database = json(stack(plan, Component.DATABASE));
    assertThat(database.path("Resources").has("DashboardSecurityGroup")).isFalse();
    assertThat(database.path("Outputs").has(StackOutput.DASHBOARD_SECURITY_GROUP_ID.key()))
        .isFalse();
  }

  @Test
  void minorEngineUpgradesAreAutomaticAMajorOneOnlyForThatChange() throws Exception {
    JsonNode db = json(stack(Examples.render("full"), Component.DATABASE));
    assertThat(db.at("/Resources/Database/Properties/AllowMajorVersionUpgrade").isBoolean())
        .isTrue();
    assertThat(db.at("/Resources/Database/Properties/AllowMajorVersionUpgrade").asBoolean())
        .as("nothing deployed yet: no major upgrade (MajorVersionUpgradeTest has the upgrades)")
        .isFalse();
    assertThat(db.at("/Resources/Database/Properties/AutoMinorVersionUpgrade").asBoolean())
        .isTrue();
  }

  @Test
  void deletionPoliciesFollowTheSpec() throws Exception {
    JsonNode retain = json(stack(SpecVariants.variants().get("composite-key"), Component.DATABASE));
    assertThat(retain.at("/Resources/Database/DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(retain.at("/Resources/Database/Properties/DeletionProtection").asBoolean()).isTrue();
    JsonNode delete = json(stack(Examples.render("own-network"), Component.DATABASE));
    assertThat(delete.at("/Resources/Database/DeletionPolicy").asText()).isEqualTo("Delete");
    assertThat(delete.at("/Resources/Database/Properties/DeletionProtection").asBoolean())
        .isFalse();
    JsonNode table = json(stack(Examples.render("own-network"), Component.TABLE));
    assertThat(table.at("/Resources/Table/UpdateReplacePolicy").asText()).isEqualTo("Delete");
    assertThat(table.at("/Resources/Table/Properties/DeletionProtectionEnabled").asBoolean())
        .isFalse();
  }

  @Test
  void compositeKeyBecomesHashAndRangeWithNumericTypes() throws Exception {
    JsonNode table = json(stack(SpecVariants.variants().get("composite-key"), Component.TABLE));
    assertThat(table.at("/Resources/Table/Properties/KeySchema/1/KeyType").asText())
        .isEqualTo("RANGE");
    assertThat(
            table.at("/Resources/Table/Properties/AttributeDefinitions/1/AttributeType").asText())
        .isEqualTo("N");
  }

  @Test
  void aKeylessSchemaKeysTheTableByTheConvertersPartitionAndLine() throws Exception {
    JsonNode table = json(stack(Examples.render("keyless"), Component.TABLE));
    assertThat(table.at("/Resources/Table/Properties/KeySchema").toString())
        .isEqualTo(
            "[{\"AttributeName\":\"_dp_partition\",\"KeyType\":\"HASH\"},"
                + "{\"AttributeName\":\"_dp_line\",\"KeyType\":\"RANGE\"}]");
    assertThat(table.at("/Resources/Table/Properties/AttributeDefinitions").toString())
        .isEqualTo(
            "[{\"AttributeName\":\"_dp_partition\",\"AttributeType\":\"S\"},"
                + "{\"AttributeName\":\"_dp_line\",\"AttributeType\":\"N\"}]");
  }

  @Test
  void removeRowsSubscribesToDeletionsAndGrantsDeletingOutputsKeepDoesNeither() throws Exception {
    StackPlan removing = Examples.render("keyless"); // onDelete: RemoveRows
    StackPlan keeping = Examples.render("full"); // onDelete: Keep
    String notifications =
        "/Resources/Bucket/Properties/NotificationConfiguration/LambdaConfigurations";
    JsonNode removingEvents = json(stack(removing, Component.STORAGE)).at(notifications);
    assertThat(removingEvents.findValuesAsText("Event"))
        .containsExactly("s3:ObjectCreated:*", "s3:ObjectRemoved:*");
    assertThat(removingEvents.get(1).path("Filter"))
        .isEqualTo(removingEvents.get(0).path("Filter"));
    assertThat(json(stack(keeping, Component.STORAGE)).at(notifications).findValuesAsText("Event"))
        .containsExactly("s3:ObjectCreated:*");

    JsonNode removingConverter = json(stack(removing, Component.CONVERTER));
    JsonNode keepingConverter = json(stack(keeping, Component.CONVERTER));
    assertThat(
            removingConverter
                .at("/Resources/Function/Properties/Environment/Variables/ON_DELETE")
                .asText())
        .isEqualTo("RemoveRows");
    assertThat(
            keepingConverter
                .at("/Resources/Function/Properties/Environment/Variables")
                .has("ON_DELETE"))
        .isFalse();
    String statements = "/Resources/Role/Properties/Policies/0/PolicyDocument/Statement";
    assertThat(removingConverter.at(statements).findValuesAsText("Sid"))
        .contains("DeleteRemovedOutputs");
    assertThat(keepingConverter.at(statements).findValuesAsText("Sid"))
        .doesNotContain("DeleteRemovedOutputs");
    JsonNode grant =
        StreamSupport.stream(removingConverter.at(statements).spliterator(), false)
            .filter(st -> st.path("Sid").asText().equals("DeleteRemovedOutputs"))
            .findFirst()
            .orElseThrow();
    assertThat(grant.path("Action").toString()).isEqualTo("[\"s3:DeleteObject\"]");
    assertThat(grant.path("Resource").toString()).contains("/parquet/*").contains("/json/*");
  }

  @Test
  void storageNotifiesTheConverterOnlyForTheIngestPrefixAndSuffix() throws Exception {
    JsonNode storage = json(stack(Examples.render("full"), Component.STORAGE));
    JsonNode rules =
        storage.at(
            "/Resources/Bucket/Properties/NotificationConfiguration/LambdaConfigurations/0/Filter/S3Key/Rules");
    assertThat(rules.toString())
        .isEqualTo(
            "[{\"Name\":\"prefix\",\"Value\":\"incoming/orders/\"},{\"Name\":\"suffix\",\"Value\":\".csv\"}]");
    JsonNode whole = json(stack(SpecVariants.variants().get("whole-bucket"), Component.STORAGE));
    assertThat(
            whole
                .at(
                    "/Resources/Bucket/Properties/NotificationConfiguration/LambdaConfigurations/0"
                        + "/Filter/S3Key/Rules")
                .toString())
        .isEqualTo("[{\"Name\":\"suffix\",\"Value\":\".tsv\"}]");
    assertThat(whole.at("/Resources/Bucket/Properties/LifecycleConfiguration/Rules").size())
        .as("no raw-expiry rule: it would expire the outputs too")
        .isEqualTo(1);
  }

  @Test
  void emptyPrefixWithASuffixOutputsAlsoHaveIsRefused() {
    for (String suffix : new String[] {".csv", "", "csv", ".parquet"}) {
      DataPipeline pipeline = Examples.load("minimal");
      pipeline.getSpec().ingest.prefix = "";
      pipeline.getSpec().ingest.suffix = suffix;
      assertThatThrownBy(
              () ->
                  new PipelineRenderer(Examples.DEFAULTS)
                      .render(pipeline.getSpec(), Examples.identity(pipeline)))
          .as("suffix '%s'", suffix)
          .isInstanceOf(InvalidSpecException.class)
          .hasMessageContaining("spec.ingest.prefix")
          .hasMessageContaining("trigger it again");
    }
  }

  @Test
  void everyProblemOfASpecIsReportedAtOnce() {
    DataPipeline pipeline = Examples.load("minimal");
    pipeline.getSpec().ingest.prefix = "";
    pipeline.getSpec().schema.primaryKey = List.of("day");
    pipeline.getSpec().network.privateSubnetIds = List.of("subnet-0a1b2c3d4e5f60001");

    assertThatThrownBy(
            () ->
                new PipelineRenderer(Examples.DEFAULTS)
                    .render(pipeline.getSpec(), Examples.identity(pipeline)))
        .isInstanceOf(InvalidSpecException.class)
        .extracting(e -> ((InvalidSpecException) e).problems())
        .asList()
        .extracting(p -> ((InvalidSpecException.Problem) p).field())
        .containsExactly(
            "spec.network.privateSubnetIds", "spec.schema.primaryKey", "spec.ingest.prefix");
  }

  @Test
  void missingDefaultImagesAreOneProblemEachAndSayTheOperatorHasNone() {
    DataPipeline pipeline = Examples.load("minimal");

    assertThatThrownBy(
            () ->
                new PipelineRenderer(RenderDefaults.none())
                    .render(pipeline.getSpec(), Examples.identity(pipeline)))
        .isInstanceOf(NoDefaultImageException.class)
        .hasMessage(
            "spec.converter.image: is not set and the operator has no default image configured;"
                + " spec.dashboard.image: is not set and the operator has no default image"
                + " configured");
  }

  @Test
  void httpsDashboardRedirectsHttpAndPlainDashboardServesHttp() throws Exception {
    JsonNode https = json(stack(Examples.render("full"), Component.DASHBOARD));
    assertThat(https.at("/Resources/HttpListener/Properties/DefaultActions/0/Type").asText())
        .isEqualTo("redirect");
    assertThat(
            https.at("/Resources/HttpsListener/Properties/Certificates/0/CertificateArn").asText())
        .startsWith("arn:aws:acm:");
    assertThat(https.at("/Outputs/DashboardUrl/Value/Fn::Sub").asText()).startsWith("https://");
    JsonNode http = json(stack(Examples.render("own-network"), Component.DASHBOARD));
    assertThat(http.path("Resources").has("HttpsListener")).isFalse();
    assertThat(http.at("/Resources/HttpListener/Properties/DefaultActions/0/Type").asText())
        .isEqualTo("forward");
  }

  @Test
  void networkSplitsTheVpcIntoFourSubnets() {
    assertThat(NetworkStack.quarters("10.42.0.0/16"))
        .containsExactly("10.42.0.0/18", "10.42.64.0/18", "10.42.128.0/18", "10.42.192.0/18");
    assertThat(NetworkStack.quarters("10.7.0.0/24"))
        .containsExactly("10.7.0.0/26", "10.7.0.64/26", "10.7.0.128/26", "10.7.0.192/26");
  }

  @Test
  void everyParameterHasAValueAndEveryOutputItTakesIsDeclaredByAnEarlierStack() throws Exception {
    for (var plan : SpecVariants.allPlans().entrySet()) {
      Map<Component, JsonNode> rendered = new EnumMap<>(Component.class);
      for (StackSpec stack : plan.getValue().stacks()) {
        JsonNode template = json(stack);
        Set<String> declared = new TreeSet<>();
        template.path("Parameters").fieldNames().forEachRemaining(declared::add);
        assertThat(stack.parameters().keySet())
            .as("%s/%s parameters", plan.getKey(), stack.component())
            .containsExactlyInAnyOrderElementsOf(declared);
        for (ParameterValue value : stack.parameters().values()) {
          if (value instanceof ParameterValue.FromOutput from) {
            assertThat(rendered)
                .as("%s/%s takes from %s", plan.getKey(), stack.component(), from.component())
                .containsKey(from.component());
            assertThat(rendered.get(from.component()).path("Outputs").has(from.outputKey()))
                .as("%s declares %s", from.component(), from.outputKey())
                .isTrue();
          }
        }
        rendered.put(stack.component(), template);
      }
    }
  }

  @Test
  void contractOutputsAreDeclaredByTheirStacks() throws Exception {
    StackPlan plan = Examples.render("minimal");
    Map<Component, List<String>> contract =
        Map.of(
            Component.STORAGE, List.of("BucketName"),
            Component.CONVERTER, List.of("ConverterFunctionArn", "FailureQueueArn"),
            Component.DATABASE, List.of("DatabaseEndpoint", "DatabasePort", "DatabaseSecretArn"),
            Component.TABLE, List.of("TableName"),
            Component.DASHBOARD, List.of("DashboardUrl", "EcsClusterName", "EcsServiceName"));
    for (var entry : contract.entrySet()) {
      JsonNode outputs = json(stack(plan, entry.getKey())).path("Outputs");
      for (String key : entry.getValue()) {
        assertThat(outputs.has(key)).as("%s output %s", entry.getKey(), key).isTrue();
      }
    }
  }

  @Test
  void grafanaTargetGroupPinsABrowserToOneTask() throws Exception {
    JsonNode attributes =
        json(stack(Examples.render("full"), Component.DASHBOARD))
            .at("/Resources/TargetGroup/Properties/TargetGroupAttributes");
    Map<String, String> byKey = new HashMap<>();
    attributes.forEach(a -> byKey.put(a.get("Key").asText(), a.get("Value").asText()));
    assertThat(byKey)
        .containsEntry("stickiness.enabled", "true")
        .containsEntry("stickiness.type", "lb_cookie");
  }

  @Test
  void storageAutoscalingIsOffWhenTheLimitEqualsTheAllocatedStorage() throws Exception {
    DataPipeline pipeline = Examples.load("minimal");
    pipeline.getSpec().database.allocatedStorageGiB = 100;
    pipeline.getSpec().database.maxAllocatedStorageGiB = 100;
    JsonNode database =
        json(stack(
                new PipelineRenderer(Examples.DEFAULTS)
                    .render(pipeline.getSpec(), Examples.identity(pipeline)),
                Component.DATABASE))
            .at("/Resources/Database/Properties");

    assertThat(database.get("AllocatedStorage").asText()).isEqualTo("100");
    assertThat(database.has("MaxAllocatedStorage")).isFalse();
    assertThat(
            json(stack(Examples.render("minimal"), Component.DATABASE))
                .at("/Resources/Database/Properties/MaxAllocatedStorage")
                .asInt())
        .isEqualTo(100);
  }
}
