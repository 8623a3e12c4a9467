package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's Grafana dashboard ships as a ConfigMap the Grafana sidecar picks up. Helm reads
 * only files inside the chart, so the chart keeps a copy of grafana/dashboards/operator.json.
 */
class DashboardConfigMapTest {

  private static final String DASHBOARD = "dashboards/operator.json";

  @Test
  void chartCopyOfTheOperatorDashboardIsIdenticalToGrafanas() throws IOException {
    Path grafanas = RepositoryFiles.root().resolve("grafana").resolve(DASHBOARD);
    Path chartCopy = RepositoryFiles.chart().resolve(DASHBOARD);

    assertThat(Files.exists(chartCopy))
        .as(
            "grafana/%s exists: %s, chart copy exists: %s. Keep them together: cp grafana/%s"
                + " helm/datapipeline-operator/%s",
            DASHBOARD, Files.exists(grafanas), Files.exists(chartCopy), DASHBOARD, DASHBOARD)
        .isEqualTo(Files.exists(grafanas));
    if (Files.exists(grafanas)) {
      assertThat(Files.readAllBytes(chartCopy))
          .as("%s differs from grafana/%s", chartCopy, DASHBOARD)
          .isEqualTo(Files.readAllBytes(grafanas));
    }
  }

  @Test
  void monitoringOnShipsGrafanasOperatorDashboard() throws IOException {
    Path grafanas = RepositoryFiles.root().resolve("grafana").resolve(DASHBOARD);
    ConfigMap configMap = InstallVariants.render("monitoring").single(ConfigMap.class);

    assertThat(configMap.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(configMap.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "DataPipeline");
    assertThat(new ObjectMapper().readTree(configMap.getData().get("datapipeline-operator.json")))
        .isEqualTo(new ObjectMapper().readTree(grafanas.toFile()));
  }

  @Test
  void noDashboardConfigMapUnlessEnabled() {
    assertThat(InstallVariants.render(InstallVariants.DEFAULTS).all(ConfigMap.class)).isEmpty();
  }

  @Test
  void enabledDashboardIsAConfigMapLabelledForTheGrafanaSidecar(@TempDir Path workDir)
      throws IOException {
    String dashboardJson =
        "{\n  \"title\": \"DataPipeline operator\",\n  \"uid\": \"dp-operator\",\n  \"panels\": []\n}\n";
    Path chart = ChartRenderer.copyChart(RepositoryFiles.chart(), workDir);
    Files.createDirectories(chart.resolve("dashboards"));
    Files.writeString(chart.resolve(DASHBOARD), dashboardJson);

    RenderedChart rendered =
        new ChartRenderer(chart).template(RepositoryFiles.testResource("values/dashboard.yaml"));
    ConfigMap configMap = rendered.single(ConfigMap.class);

    assertThat(configMap.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(configMap.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "Platform");
    assertThat(configMap.getData()).containsOnlyKeys("datapipeline-operator.json");
    String shipped = configMap.getData().get("datapipeline-operator.json");
    assertThat(new ObjectMapper().readTree(shipped))
        .isEqualTo(new ObjectMapper().readTree(dashboardJson));
    assertThat(shipped).isEqualTo(dashboardJson.stripTrailing());
  }

  @Test
  void enablingTheDashboardWithoutTheChartCopyFailsClearly(@TempDir Path workDir)
      throws IOException {
    Path chart = ChartRenderer.copyChart(RepositoryFiles.chart(), workDir);
    Files.deleteIfExists(chart.resolve(DASHBOARD));

    assertThatThrownBy(
            () ->
                new ChartRenderer(chart)
                    .template(RepositoryFiles.testResource("values/dashboard.yaml")))
        .hasMessageContaining(
            "dashboards.enabled=true but the chart has no dashboards/operator.json");
  }
}
