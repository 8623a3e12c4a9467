package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudWatchPanelsTest {

  private static final String STATISTIC =
      "Average|Sum|Minimum|Maximum|SampleCount|p\\d{1,2}(\\.\\d+)?";

  private final Map<String, EmittedMetrics.Namespace> emitted = EmittedMetrics.cloudWatch();

  private static List<Dashboard.Query> cloudWatchQueries(List<Dashboard> dashboards) {
    return dashboards.stream()
        .flatMap(d -> d.queries().stream())
        .filter(q -> q.datasourceType().equals(Datasources.CLOUDWATCH_TYPE))
        .toList();
  }

  @Test
  void everyCloudWatchQueryNamesAMetricAndDimensionSetTheProjectEmits() {
    List<Dashboard.Query> queries = cloudWatchQueries(Dashboard.all());
    assertThat(queries).isNotEmpty();
    for (Dashboard.Query q : queries) {
      String namespace = q.text("namespace");
      String metric = q.text("metricName");
      assertThat(emitted).as(q.where() + " namespace").containsKey(namespace);
      EmittedMetrics.Namespace ns = emitted.get(namespace);
      assertThat(ns.metrics()).as(q.where() + " metric in " + namespace).contains(metric);
      Set<String> dimensions = new HashSet<>();
      q.json().path("dimensions").fieldNames().forEachRemaining(dimensions::add);
      assertThat(ns.publishes(metric, dimensions))
          .as(
              q.where()
                  + ": "
                  + namespace
                  + " "
                  + metric
                  + " is published with dimensions "
                  + dimensions
                  + " (known: "
                  + ns.dimensionSets().get(metric)
                  + ")")
          .isTrue();
      assertThat(q.json().path("matchExact").asBoolean())
          .as(q.where() + " matches the dimension set exactly")
          .isTrue();
      assertThat(q.text("statistic")).as(q.where() + " statistic").matches(STATISTIC);
      assertThat(q.text("queryMode")).as(q.where() + " queryMode").isEqualTo("Metrics");
      assertThat(q.text("region")).as(q.where() + " the datasource's region").isEqualTo("default");
    }
  }

  @Test
  void everyDimensionValueIsThePipelinesOwnOnceRendered(@TempDir Path output) {
    Map<String, String> env = Entrypoint.taskEnvironment();
    Set<String> expected = new HashSet<>(env.values());
    // The RDS instance identifier is derived from the endpoint when the task does not set it.
    expected.add(env.get("DB_HOST").substring(0, env.get("DB_HOST").indexOf('.')));
    TemplateVariables vars = null;
    for (Dashboard d : Entrypoint.render(env, output)) {
      vars = TemplateVariables.of(d, Map.of());
      for (Dashboard.Query q : cloudWatchQueries(List.of(d))) {
        var fields = q.json().path("dimensions").fields();
        while (fields.hasNext()) {
          var dim = fields.next();
          JsonNode value = dim.getValue();
          String raw = value.isArray() ? value.get(0).asText() : value.asText();
          assertThat(raw)
              .as(q.where() + " " + dim.getKey() + " is a dashboard variable")
              .startsWith("$");
          String resolved = vars.interpolateRaw(raw);
          assertThat(resolved)
              .as(q.where() + " " + dim.getKey() + " resolves to a value from the task environment")
              .isIn(expected)
              .doesNotContain("$");
        }
      }
    }
    assertThat(vars).isNotNull();
  }

  @Test
  void theConverterDimensionIsThePipelineVariable(@TempDir Path output) {
    String emf = EmittedMetrics.converterNamespace().name();
    for (Dashboard d : Entrypoint.render(Entrypoint.taskEnvironment(), output)) {
      TemplateVariables vars = TemplateVariables.of(d, Map.of());
      for (Dashboard.Query q : cloudWatchQueries(List.of(d))) {
        if (q.text("namespace").equals(emf)) {
          assertThat(vars.interpolateRaw(q.json().path("dimensions").path("Pipeline").asText()))
              .as(q.where())
              .isEqualTo("team-a/orders");
        }
      }
    }
  }

  @Test
  void theConverterEmitsWhatTheContractNames() {
    EmittedMetrics.Namespace emf = EmittedMetrics.converterNamespace();
    assertThat(emf.name()).isEqualTo("DataPipeline/Converter");
    assertThat(emf.dimensionSets().values())
        .allMatch(sets -> sets.equals(List.of(Set.of("Pipeline"))));
    assertThat(emf.metrics())
        .contains("FilesSucceeded", "FilesFailed", "RowsLoaded", "RowsRejected");
  }

  @Test
  void everyMetricTheConverterEmitsIsOnTheOverview() {
    Set<String> shown = new HashSet<>();
    for (Dashboard.Query q : cloudWatchQueries(Dashboard.all())) {
      if (q.text("namespace").equals(EmittedMetrics.converterNamespace().name())) {
        shown.add(q.text("metricName"));
      }
    }
    assertThat(shown)
        .containsExactlyInAnyOrderElementsOf(EmittedMetrics.converterNamespace().metrics());
  }

  @Test
  void everyAwsNamespaceIsTiedToAResourceTypeTheStacksCreate() {
    Map<String, String> types = EmittedMetrics.awsResourceTypes();
    for (Dashboard.Query q : cloudWatchQueries(Dashboard.all())) {
      String namespace = q.text("namespace");
      if (namespace.startsWith("AWS/")) {
        assertThat(types.get(namespace))
            .as(q.where() + " resource type")
            .matches("AWS::\\w+::\\w+");
      }
    }
  }
}
