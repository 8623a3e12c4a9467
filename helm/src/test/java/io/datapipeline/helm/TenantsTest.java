package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's optional {@code tenants:} list, rendered as DataPipelineTenants the CRD accepts. */
class TenantsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void rendersNoTenantByDefault() {
    RenderedChart rendered = InstallVariants.render(InstallVariants.DEFAULTS);

    assertThat(rendered.all(GenericKubernetesResource.class)).isEmpty();
  }

  @Test
  void rendersEachTenantAsAClusterScopedDataPipelineTenant() throws IOException {
    RenderedChart rendered =
        ChartRenderer.forRepositoryChart()
            .template(RepositoryFiles.testResource("values/tenants.yaml"));
    List<GenericKubernetesResource> tenants = rendered.all(GenericKubernetesResource.class);
    JsonNode values = YAML.readTree(RepositoryFiles.testResource("values/tenants.yaml").toFile());

    assertThat(tenants)
        .extracting(t -> t.getKind() + "/" + t.getMetadata().getName())
        .containsExactly("DataPipelineTenant/team-a", "DataPipelineTenant/team-b");
    for (int i = 0; i < tenants.size(); i++) {
      GenericKubernetesResource tenant = tenants.get(i);
      assertThat(tenant.getApiVersion()).isEqualTo("datapipeline.io/v1alpha1");
      assertThat(tenant.getMetadata().getNamespace()).as("cluster-scoped").isNull();
      JsonNode spec = YAML.valueToTree(tenant.getAdditionalProperties().get("spec"));
      assertThat(spec).isEqualTo(values.at("/tenants/" + i + "/spec"));
      ObjectNode specOnly = YAML.createObjectNode();
      specOnly.set("spec", spec);
      assertThat(tenantCrdSchema().validate(specOnly))
          .as("%s against the DataPipelineTenant CRD", tenant.getMetadata().getName())
          .isEmpty();
    }
    assertThat(tenants.get(1).getMetadata().getLabels())
        .containsEntry("cost-center", "42")
        .containsEntry("app.kubernetes.io/managed-by", "Helm");
  }

  @Test
  void refusesATenantWithoutAwsGrant(@TempDir Path dir) throws IOException {
    Path values = dir.resolve("bad.yaml");
    Files.writeString(values, "tenants:\n  - name: team-a\n    spec: {namespaces: [team-a]}\n");

    assertThatThrownBy(() -> ChartRenderer.forRepositoryChart().template(values))
        .hasMessageContaining("aws");
  }

  @Test
  void refusesATenantNameThatIsNoDnsLabel(@TempDir Path dir) throws IOException {
    Path values = dir.resolve("bad.yaml");
    YAML.writeValue(
        values.toFile(),
        Map.of(
            "tenants",
            List.of(
                Map.of(
                    "name",
                    "Team_A",
                    "spec",
                    Map.of("aws", Map.of("roleArns", List.of(), "regions", List.of()))))));

    assertThatThrownBy(() -> ChartRenderer.forRepositoryChart().template(values))
        .hasMessageContaining("name");
  }

  private static JsonSchema tenantCrdSchema() throws IOException {
    JsonNode crd =
        YAML.readTree(
            RepositoryFiles.chart()
                .resolve("crds/datapipelinetenants.datapipeline.io-v1.yml")
                .toFile());
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
  }
}
