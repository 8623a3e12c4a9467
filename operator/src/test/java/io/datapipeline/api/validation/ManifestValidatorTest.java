package io.datapipeline.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.api.v1alpha1.DataPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Behaviour of the validator itself; the per-rule cases are in InvalidManifestsTest. */
class ManifestValidatorTest {

  static final ManifestValidator VALIDATOR = ManifestValidator.forDataPipeline();

  static ObjectNode example(String name) throws IOException {
    return (ObjectNode) ManifestValidator.readManifest(Path.of("..", "crds", "examples", name));
  }

  @Test
  void appliesSchemaDefaultsInsideDefaultedObjects() throws IOException {
    JsonNode defaulted = VALIDATOR.applyDefaults(example("minimal.yaml"));

    assertThat(defaulted.at("/spec/dashboard/maxTasks").asInt()).isEqualTo(4);
    assertThat(defaulted.at("/spec/database/engine").asText()).isEqualTo("postgres");
    assertThat(defaulted.at("/spec/ingest/prefix").asText()).isEqualTo("incoming/");
    assertThat(defaulted.at("/spec/schema/onBadRow").asText()).isEqualTo("Quarantine");
    assertThat(defaulted.at("/spec/schema/columns/1/nullable").asBoolean()).isTrue();
    assertThat(defaulted.at("/spec/schema/columns/0/nullable").asBoolean()).isFalse();
  }

  @Test
  void applyDefaultsLeavesTheInputUntouched() throws IOException {
    ObjectNode manifest = example("minimal.yaml");
    JsonNode before = manifest.deepCopy();

    VALIDATOR.applyDefaults(manifest);

    assertThat(manifest).isEqualTo(before);
  }

  @Test
  void dropsNullsBeforeDefaultingAsTheApiServerDoes() throws IOException {
    ObjectNode manifest = example("minimal.yaml");
    ((ObjectNode) manifest.get("spec")).putNull("dashboard");

    assertThat(VALIDATOR.applyDefaults(manifest).at("/spec/dashboard/cpu").asInt()).isEqualTo(512);
    assertThat(VALIDATOR.validate(manifest)).isEmpty();
  }

  @Test
  void reportsEveryViolationWithItsFieldPath() throws IOException {
    ObjectNode manifest = example("minimal.yaml");
    ObjectNode spec = (ObjectNode) manifest.get("spec");
    spec.putObject("dashboard").put("minTasks", 5).put("maxTasks", 2);
    ((ObjectNode) spec.get("aws")).put("region", "europe");

    assertThat(VALIDATOR.validate(manifest))
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "spec.aws.region: Invalid value: \"europe\": should match"
                + " '^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$'",
            "spec.dashboard.maxTasks: dashboard.maxTasks must be greater than or equal to"
                + " minTasks");
  }

  @Test
  void runsNoRuleWhenARequiredFieldIsMissingOrATypeIsWrong() throws IOException {
    // The API server does the same: the rules assume the schema's shape.
    ObjectNode manifest = example("minimal.yaml");
    ObjectNode spec = (ObjectNode) manifest.get("spec");
    spec.putObject("dashboard").put("minTasks", 5).put("maxTasks", 2);
    ((ObjectNode) spec.get("aws")).remove("region");
    spec.putObject("database").put("multiAZ", "yes");

    assertThat(VALIDATOR.validate(manifest))
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "spec.aws.region: Required value",
            "spec.database.multiAZ: Invalid value: \"yes\": must be of type boolean");
  }

  @Test
  void transitionRulesRunOnlyAgainstAnOldObject() throws IOException {
    ObjectNode old = example("full.yaml");
    ObjectNode renamed = old.deepCopy();
    ((ObjectNode) renamed.at("/spec/database")).put("tableName", "orders_v2");

    assertThat(VALIDATOR.validate(renamed)).isEmpty();
    assertThat(VALIDATOR.validate(renamed, old))
        .extracting(Violation::field)
        .containsExactly("spec.database.tableName");
  }

  @Test
  void allowsTheChangesATenantMakesToALivePipeline() throws IOException {
    ObjectNode old = example("full.yaml");
    ObjectNode changed = old.deepCopy();
    ((ArrayNode) changed.at("/spec/schema/columns"))
        .addObject()
        .put("name", "discount")
        .put("type", "decimal")
        .put("precision", 5)
        .put("scale", 2);
    // (making a nullable column `nullable: false` is refused: docs/schema-evolution.md)
    ((ArrayNode) changed.at("/spec/schema/nullValues")).add("n/a");
    ((ObjectNode) changed.at("/spec/database")).put("engineVersion", "18.1");
    ((ObjectNode) changed.at("/spec/dashboard")).put("maxTasks", 10);
    ((ObjectNode) changed.at("/spec/table")).put("readCapacity", 100);

    assertThat(VALIDATOR.validate(changed, old)).isEmpty();
  }

  @Test
  void allowsSettingATableNameThatWasDefaulted() throws IOException {
    ObjectNode old = example("minimal.yaml");
    ObjectNode named = old.deepCopy();
    ((ObjectNode) named.at("/spec")).putObject("database").put("tableName", "weather");

    assertThat(VALIDATOR.validate(named, old)).isEmpty();
  }

  @Test
  void aKeylessSchemaAsInferPrintsItIsAcceptedAndEqualToOneWithoutTheField() throws IOException {
    // `infer` prints "primaryKey": [] when no column is unique over the whole file.
    ObjectNode inferred = example("minimal.yaml");
    ((ObjectNode) inferred.path("spec").path("schema")).putArray("primaryKey");
    ObjectNode absent = example("minimal.yaml");
    ((ObjectNode) absent.path("spec").path("schema")).remove("primaryKey");
    ObjectNode keyed = example("minimal.yaml");

    assertThat(VALIDATOR.validate(inferred)).isEmpty();
    assertThat(VALIDATOR.validate(absent)).isEmpty();
    assertThat(VALIDATOR.validate(inferred, absent)).isEmpty();
    assertThat(VALIDATOR.validate(absent, inferred)).isEmpty();
    assertThat(VALIDATOR.validate(absent, keyed))
        .extracting(Violation::toString)
        .containsExactly(
            "spec.schema.primaryKey: schema.primaryKey is immutable: a new key means a new table"
                + " (adding one to a keyless schema or removing it too)");
    assertThat(VALIDATOR.validate(keyed, inferred)).hasSize(1);
  }

  @Test
  void refusesAManifestOfAnotherKind() throws IOException {
    ObjectNode manifest = example("minimal.yaml");
    manifest.put("apiVersion", "v1").put("kind", "ConfigMap");

    assertThat(VALIDATOR.validate(manifest))
        .extracting(Violation::field)
        .containsExactly("apiVersion", "kind");
  }

  @Test
  void validatesModelObjectsAsTheOperatorSeesThem() throws IOException {
    DataPipeline pipeline =
        new ObjectMapper().treeToValue(example("full.yaml"), DataPipeline.class);
    DataPipeline changed = new ObjectMapper().treeToValue(example("full.yaml"), DataPipeline.class);
    changed.getSpec().schema.primaryKey = new ArrayList<>(List.of("amount"));

    assertThat(VALIDATOR.validate(pipeline, null)).isEmpty();
    assertThat(VALIDATOR.validate(changed, pipeline))
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "spec.schema.primaryKey: schema.primaryKey columns must be `nullable: false` and not"
                + " boolean (DynamoDB keys are strings or numbers)",
            "spec.schema.primaryKey: schema.primaryKey is immutable: a new key means a new table"
                + " (adding one to a keyless schema or removing it too)");
  }

  @Test
  void readsEveryDocumentOfAYamlStream() {
    List<JsonNode> manifests =
        ManifestValidator.readManifests("---\nkind: A\n---\n# nothing\n---\nkind: B\n");

    assertThat(manifests).extracting(m -> m.path("kind").asText()).containsExactly("A", "B");
  }

  @Test
  void refusesTextThatIsNotYaml() {
    assertThatThrownBy(() -> ManifestValidator.readManifest("spec: [unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a YAML or JSON document");
  }

  @Test
  void givesTheSameAnswersToConcurrentCallers() throws Exception {
    // The operator validates from several reconciler threads with one shared validator.
    JsonNode valid = example("full.yaml");
    JsonNode invalid =
        ManifestValidator.readManifest(
            Path.of("src/test/resources/invalid-manifests/rule-max-tasks-below-min-tasks.yaml"));
    List<Violation> expected = VALIDATOR.validate(invalid);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        answers.add(
            pool.submit(
                () ->
                    VALIDATOR.validate(valid).isEmpty()
                        && VALIDATOR.validate(invalid).equals(expected)));
      }
      for (Future<Boolean> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expected).hasSize(1);
  }
}
