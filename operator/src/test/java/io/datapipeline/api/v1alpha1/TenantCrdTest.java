package io.datapipeline.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datapipeline.api.validation.ManifestValidator;
import io.datapipeline.api.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DataPipelineTenant CRD as the API server would apply it: cluster-scoped, every field
 * described, the issue's field names, and CEL rules refusing grants that cannot work.
 */
class TenantCrdTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static JsonNode crd;
  static ManifestValidator validator;

  @BeforeAll
  static void readGeneratedCrd() throws IOException {
    crd = YAML.readTree(CrdIsUpToDateTest.generated(CrdIsUpToDateTest.TENANT_CRD_FILE));
    validator = ManifestValidator.fromCrd(crd);
  }

  static ObjectNode example() throws IOException {
    try (InputStream in = TenantCrdTest.class.getResourceAsStream("/tenants/team-a.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    }
  }

  @Test
  void isClusterScopedWithStatusAndPrinterColumns() {
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Cluster");
    assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("DataPipelineTenant");
    assertThat(crd.at("/spec/group").asText()).isEqualTo("datapipeline.io");
    JsonNode version = crd.at("/spec/versions/0");
    assertThat(version.at("/name").asText()).isEqualTo("v1alpha1");
    assertThat(version.at("/subresources/status").isObject()).isTrue();
    List<String> columns = new ArrayList<>();
    version.path("additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asText()));
    assertThat(columns)
        .containsExactlyInAnyOrder("Namespaces", "Regions", "Pipelines", "Limit", "Ready", "Age");
  }

  @Test
  void carriesTheFieldNamesToolingOutsideTheCodeUses() {
    JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    assertThat(spec.fieldNames())
        .toIterable()
        .contains("namespaces", "namespaceSelector", "aws", "converterImageRepositories", "limits");
    assertThat(spec.at("/aws/properties").fieldNames())
        .toIterable()
        .contains(
            "roleArns", "regions", "cloudFormationRoleArn", "externalId", "permissionsBoundaryArn");
    assertThat(spec.at("/limits/properties").has("pipelines")).isTrue();
    JsonNode status =
        crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/status/properties");
    assertThat(status.fieldNames()).toIterable().contains("pipelines", "conditions");
  }

  @Test
  void everyPropertyHasADescriptionAndEverySpecValueIsBounded() {
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    assertThat(SchemaWalk.undescribedProperties(schema))
        .as("properties without a description (kubectl explain)")
        .isEmpty();
    List<String> problems = new ArrayList<>();
    SchemaWalk.walk(
        schema,
        "",
        (path, node) -> {
          String type = node.path("type").asText();
          if (path.startsWith(".spec")) {
            if (type.equals("string") && !node.has("maxLength") && !node.has("enum")) {
              problems.add(path + " string without maxLength");
            } else if (type.equals("array") && !node.has("maxItems")) {
              problems.add(path + " list without maxItems");
            }
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void theIssuesExampleIsAccepted() throws IOException {
    assertThat(validator.validate(example())).isEmpty();
  }

  @Test
  void theModelReadsTheExample() throws IOException {
    DataPipelineTenant tenant = YAML.treeToValue(example(), DataPipelineTenant.class);

    assertThat(tenant.getSpec().aws.roleArns)
        .containsExactly("arn:aws:iam::111111111111:role/datapipeline-team-a");
    assertThat(tenant.getSpec().limits.pipelines).isEqualTo(20);
    assertThat(tenant.getSpec().namespaceSelector.matchExpressions.get(0).operator)
        .isEqualTo(TenantNamespaceSelector.Operator.In);
  }

  static Stream<Arguments> refusedGrants() {
    return Stream.of(
        Arguments.of(
            "no namespaces and no selector",
            edit(
                s -> {
                  s.remove("namespaces");
                  s.remove("namespaceSelector");
                }),
            "a tenant must name its namespaces"),
        Arguments.of(
            "empty selector",
            edit(
                s -> {
                  s.remove("namespaces");
                  s.putObject("namespaceSelector");
                }),
            "an empty selector would cover every namespace"),
        Arguments.of(
            "In without values",
            edit(
                s -> ((ObjectNode) s.at("/namespaceSelector/matchExpressions/0")).remove("values")),
            "values must be non-empty for In and NotIn"),
        Arguments.of(
            "no role", edit(s -> ((ObjectNode) s.get("aws")).putArray("roleArns")), "roleArns"),
        Arguments.of(
            "a wildcard role",
            edit(
                s ->
                    ((ObjectNode) s.get("aws"))
                        .putArray("roleArns")
                        .add("arn:aws:iam::111111111111:role/*")),
            "roleArns"),
        Arguments.of(
            "a repeated namespace",
            edit(s -> s.putArray("namespaces").add("team-a").add("team-a")),
            "namespaces must not repeat a namespace"),
        Arguments.of(
            "service role of another account",
            edit(
                s ->
                    ((ObjectNode) s.get("aws"))
                        .put("cloudFormationRoleArn", "arn:aws:iam::222222222222:role/cfn")),
            "must be in the account of one of aws.roleArns"),
        Arguments.of(
            "a namespace that is no DNS label",
            edit(s -> s.putArray("namespaces").add("Team_A")),
            "namespaces"),
        Arguments.of(
            "negative limit",
            edit(s -> ((ObjectNode) s.get("limits")).put("pipelines", -1)),
            "limits.pipelines"),
        Arguments.of(
            "no region", edit(s -> ((ObjectNode) s.get("aws")).remove("regions")), "regions"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedGrants")
  void refuses(String what, ObjectNode manifest, String expected) {
    List<Violation> violations = validator.validate(manifest);

    assertThat(violations).as(what).isNotEmpty();
    assertThat(violations.toString()).as(what).contains(expected);
  }

  private static ObjectNode edit(Consumer<ObjectNode> change) {
    try {
      ObjectNode manifest = example();
      change.accept((ObjectNode) manifest.get("spec"));
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
