package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.datapipeline.helm.ArgoCdHealthCheck.Health;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health check, as installed by helm/argocd/argocd-cm.yaml, run on DataPipelines in
 * every state the operator reports (fixtures that conform to the CRD's own schema).
 */
class ArgoCdHealthCheckTest {

  private static final String HEALTH_KEY =
      "resource.customizations.health.datapipeline.io_DataPipeline";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static ArgoCdHealthCheck check;

  @BeforeAll
  static void loadTheScriptArgoCdWouldRun() throws IOException {
    check = new ArgoCdHealthCheck(installedScript());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "healthy.yaml                              | Healthy     | All 5 stacks are complete",
        "healthy-cleaning-up-after-update.yaml     | Healthy     | All 5 stacks are complete",
        "new-without-status.yaml                   | Progressing | Waiting for the operator to observe the DataPipeline",
        "generation-behind.yaml                    | Progressing | Waiting for the operator to observe generation 4 (status describes generation 3)",
        "reconciling.yaml                          | Progressing | Creating stack dp-tenant-a-orders-database",
        "waiting-for-change-set-approval.yaml      | Progressing | Change set dp-7-3f9a2b on dp-tenant-a-orders-database waits for approval (1 replacement)",
        "stalled.yaml                              | Degraded    | Stack dp-tenant-a-orders-database is tagged for pipeline tenant-a/orders-old (uid 1234)",
        "stalled-then-spec-changed.yaml            | Progressing | Waiting for the operator to observe generation 3 (status describes generation 2)",
        "stack-update-rollback-failed.yaml         | Degraded    | Stack database (dp-tenant-a-orders-database) is UPDATE_ROLLBACK_FAILED: Db (AWS::RDS::DBInstance): Cannot modify storage: the instance is in state storage-optimization",
        "stack-rollback-complete.yaml              | Degraded    | Stack converter (dp-tenant-a-orders-converter) is ROLLBACK_COMPLETE: Function (AWS::Lambda::Function): Source image 111122223333.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:9.9.9 does not exist",
        "suspended.yaml                            | Suspended   | spec.suspend is true: no AWS calls are made",
        "awaiting-approval.yaml                    | Suspended   | change set dp-7-3f2a9c0d1e4b5a69 of dp-tenant-a-orders-converter waits for approval (1 change(s): modify Function (AWS::Lambda::Function)); approve with `kubectl annotate dp orders datapipeline.io/approve=dp-7-3f2a9c0d1e4b5a69` or spec.approvedChangeSet",
        "awaiting-approval-data-replacement.yaml   | Suspended   | change set dp-8-0a1b2c3d4e5f6a7b of dp-tenant-a-orders-database waits for approval (would replace or remove data: Db (AWS::RDS::DBInstance) replaced); approve with `kubectl annotate dp orders datapipeline.io/approve=dp-8-0a1b2c3d4e5f6a7b` or spec.approvedChangeSet",
        "drifted-detect.yaml                       | Healthy     | 5 stacks complete",
        "drift-revert-failed.yaml                  | Degraded    | drifted from their templates: dp-tenant-a-orders-database (1 resource(s)); dp-tenant-a-orders-database: still drifted after the revert change set ran",
        "suspended-before-first-status.yaml        | Suspended   | spec.suspend is true: the operator makes no AWS call for this pipeline",
      })
  void reportsTheHealthArgoCdShouldShow(String fixture, String status, String message)
      throws IOException {
    Health health = check.evaluate(fixture(fixture));

    assertThat(health).isEqualTo(new Health(status, message));
  }

  @ParameterizedTest(name = "stack {0} -> {1}")
  @CsvSource({
    "CREATE_FAILED, Degraded",
    "ROLLBACK_IN_PROGRESS, Degraded",
    "ROLLBACK_FAILED, Degraded",
    "DELETE_FAILED, Degraded",
    "UPDATE_FAILED, Degraded",
    "UPDATE_ROLLBACK_IN_PROGRESS, Degraded",
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, Degraded",
    "UPDATE_ROLLBACK_COMPLETE, Degraded",
    "IMPORT_ROLLBACK_COMPLETE, Degraded",
    "CREATE_COMPLETE, Healthy",
    "UPDATE_COMPLETE, Healthy",
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, Healthy",
    "IMPORT_COMPLETE, Healthy",
  })
  void classifiesEveryCloudFormationStackStatus(String stackStatus, String health)
      throws IOException {
    ObjectNode pipeline = (ObjectNode) fixture("healthy.yaml");
    ((ObjectNode) pipeline.at("/status/stacks/1")).put("status", stackStatus);

    assertThat(check.evaluate(pipeline).status()).isEqualTo(health);
  }

  @Test
  void degradedWinsOverReconcilingWhenAStackHasFailed() throws IOException {
    JsonNode pipeline = fixture("stack-update-rollback-failed.yaml");

    assertThat(pipeline.at("/status/conditions/1/type").asText()).isEqualTo("Reconciling");
    assertThat(pipeline.at("/status/conditions/1/status").asText()).isEqualTo("True");
    assertThat(check.evaluate(pipeline).status()).isEqualTo("Degraded");
  }

  @Test
  void argocdCmInstallsExactlyTheScriptInTheRepository() throws IOException {
    assertThat(installedScript())
        .isEqualTo(Files.readString(RepositoryFiles.argocd().resolve("datapipeline-health.lua")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtureNames")
  void fixturesAreDataPipelinesTheCrdAccepts(String fixture) throws IOException {
    JsonNode pipeline = fixture(fixture);
    ObjectNode specAndStatus = YAML.createObjectNode();
    specAndStatus.set("spec", pipeline.get("spec"));
    if (pipeline.has("status")) {
      specAndStatus.set("status", pipeline.get("status"));
    }

    Set<ValidationMessage> violations = crdSchema().validate(specAndStatus);

    assertThat(pipeline.path("kind").asText()).isEqualTo("DataPipeline");
    assertThat(pipeline.path("apiVersion").asText()).isEqualTo("datapipeline.io/v1alpha1");
    assertThat(violations).as("%s against the CRD schema", fixture).isEmpty();
  }

  static Stream<String> fixtureNames() throws IOException {
    try (Stream<Path> files = Files.list(fixtures())) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      return names.stream();
    }
  }

  /** The value under the health key of the argocd-cm snippet, as Argo CD would read it. */
  private static String installedScript() throws IOException {
    List<HasMetadata> objects =
        StrictManifests.parseAll(
            Files.readString(RepositoryFiles.argocd().resolve("argocd-cm.yaml")));
    ConfigMap configMap = (ConfigMap) objects.get(0);
    assertThat(configMap.getMetadata().getName()).isEqualTo("argocd-cm");
    assertThat(configMap.getData()).containsKey(HEALTH_KEY);
    return configMap.getData().get(HEALTH_KEY);
  }

  private static Path fixtures() {
    return RepositoryFiles.testResource("argocd/health");
  }

  private static JsonNode fixture(String name) throws IOException {
    return YAML.readTree(fixtures().resolve(name).toFile());
  }

  /**
   * The CRD's openAPIV3Schema as JSON Schema, closed: Kubernetes prunes fields a structural schema
   * does not declare, so a fixture field the CRD lacks would never reach Argo CD.
   */
  private static JsonSchema crdSchema() throws IOException {
    JsonNode crd =
        YAML.readTree(
            RepositoryFiles.chart().resolve("crds/datapipelines.datapipeline.io-v1.yml").toFile());
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
    closeObjects(schema);
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
  }

  private static void closeObjects(JsonNode schema) {
    if (!schema.isObject()) {
      return;
    }
    ObjectNode object = (ObjectNode) schema;
    object.remove("x-kubernetes-validations");
    if (object.has("properties") && !object.has("additionalProperties")) {
      object.put("additionalProperties", false);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("properties")) {
        field.getValue().forEach(ArgoCdHealthCheckTest::closeObjects);
      } else if (field.getValue().isObject()) {
        closeObjects(field.getValue());
      }
    }
  }
}
