package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GitOps examples in helm/argocd/ install this chart and confine tenants to DataPipelines. */
class ArgoCdApplicationsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void operatorApplicationInstallsThisChartWithValuesTheChartAccepts(@TempDir Path workDir)
      throws IOException {
    JsonNode application = single(documents("operator-application.yaml"), "Application");
    JsonNode source = application.at("/spec/source");
    Path chart = RepositoryFiles.root().resolve(source.path("path").asText());
    Path values = workDir.resolve("values.yaml");
    YAML.writeValue(values.toFile(), source.at("/helm/valuesObject"));

    RenderedChart rendered = new ChartRenderer(chart).template(values);

    assertThat(chart).isEqualTo(RepositoryFiles.chart());
    assertThat(source.at("/helm/releaseName").asText()).isEqualTo("datapipeline-operator");
    assertThat(rendered.single(ServiceAccount.class).getMetadata().getAnnotations())
        .containsKey("eks.amazonaws.com/role-arn");
    assertThat(rendered.all(ServiceMonitor.class)).hasSize(1);
    assertThat(rendered.envValue("CONVERTER_IMAGE")).endsWith("datapipeline-converter:1.0.0");
  }

  @Test
  void deletingTheOperatorApplicationDoesNotCascadeIntoTheCrd() throws IOException {
    JsonNode application = single(documents("operator-application.yaml"), "Application");

    assertThat(application.at("/metadata/finalizers").isMissingNode()).isTrue();
    assertThat(application.at("/spec/syncPolicy/syncOptions").toString())
        .contains("CreateNamespace=true");
  }

  @Test
  void tenantProjectMayOnlyCreateDataPipelinesInItsNamespace() throws IOException {
    List<JsonNode> documents = documents("tenant-pipelines.yaml");
    JsonNode project = single(documents, "AppProject");
    JsonNode application = single(documents, "Application");

    assertThat(project.at("/spec/clusterResourceWhitelist")).isEmpty();
    assertThat(project.at("/spec/namespaceResourceWhitelist"))
        .singleElement()
        .satisfies(
            kind -> {
              assertThat(kind.path("group").asText()).isEqualTo("datapipeline.io");
              assertThat(kind.path("kind").asText()).isEqualTo("DataPipeline");
            });
    assertThat(project.at("/spec/destinations"))
        .singleElement()
        .satisfies(d -> assertThat(d.path("namespace").asText()).isEqualTo("tenant-a"));
    assertThat(application.at("/spec/project").asText())
        .isEqualTo(project.at("/metadata/name").asText());
    assertThat(application.at("/spec/destination/namespace").asText()).isEqualTo("tenant-a");
    assertThat(application.at("/spec/source/repoURL").asText())
        .isIn(textValues(project.at("/spec/sourceRepos")));
  }

  @Test
  void tenantApplicationNeverPrunesPipelinesAutomatically() throws IOException {
    JsonNode application = single(documents("tenant-pipelines.yaml"), "Application");

    assertThat(application.at("/spec/syncPolicy/automated/prune").asBoolean(true)).isFalse();
    assertThat(application.at("/spec/syncPolicy/automated/selfHeal").asBoolean()).isTrue();
  }

  private static List<String> textValues(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static JsonNode single(List<JsonNode> documents, String kind) {
    List<JsonNode> found =
        documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertThat(found).as("documents of kind %s", kind).hasSize(1);
    JsonNode document = found.get(0);
    assertThat(document.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(document.at("/metadata/namespace").asText()).isEqualTo("argocd");
    return document;
  }

  private static List<JsonNode> documents(String file) throws IOException {
    String yaml = Files.readString(RepositoryFiles.argocd().resolve(file));
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      return it.readAll();
    }
  }
}
