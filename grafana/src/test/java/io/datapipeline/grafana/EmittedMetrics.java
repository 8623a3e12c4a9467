package io.datapipeline.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.converter.load.FileMetrics;
import io.datapipeline.converter.metrics.EmfMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * What this project really emits, as the dashboards must name it: the converter's Embedded Metric
 * Format metrics, the metrics AWS publishes for the resources the stacks create, and the operator's
 * Prometheus metrics. Read from the sources of truth, not restated here, so renaming a metric
 * anywhere breaks this module's build instead of a tenant's dashboard.
 */
final class EmittedMetrics {

  /** One CloudWatch namespace: its metrics and the dimension sets each is published under. */
  record Namespace(String name, Set<String> metrics, Map<String, List<Set<String>>> dimensionSets) {

    boolean publishes(String metric, Set<String> dimensions) {
      return metrics.contains(metric) && dimensionSets.get(metric).contains(dimensions);
    }
  }

  /** One Prometheus metric with the labels the operator sets on it. */
  record PrometheusMetric(String name, Set<String> labels) {}

  private EmittedMetrics() {}

  /** Every CloudWatch namespace a dashboard may query, by name. */
  static Map<String, Namespace> cloudWatch() {
    Map<String, Namespace> all = new LinkedHashMap<>(awsNamespaces());
    Namespace converter = converterNamespace();
    all.put(converter.name(), converter);
    return all;
  }

  /**
   * The converter's EMF namespace, dimension set and metric names, read from a line its own emitter
   * ({@link EmfMetrics}) writes: what CloudWatch will extract, whatever the docs say.
   */
  static Namespace converterNamespace() {
    String line =
        new EmfMetrics(new PrintStream(OutputStream.nullOutputStream()))
            .line(
                "team-a/orders",
                "bucket",
                "incoming/file.csv",
                new FileMetrics(true, 1, 0, 1, 0, 0, 0, 0, 0),
                0L);
    JsonNode directives;
    try {
      directives = GrafanaModule.JSON.readTree(line).path("_aws").path("CloudWatchMetrics");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (directives.size() != 1) {
      throw new IllegalStateException("expected one EMF directive, got: " + line);
    }
    JsonNode directive = directives.get(0);
    List<Set<String>> dimensionSets = dimensionSets(directive.path("Dimensions"));
    Set<String> metrics = new LinkedHashSet<>();
    Map<String, List<Set<String>>> sets = new LinkedHashMap<>();
    for (JsonNode metric : directive.path("Metrics")) {
      metrics.add(metric.path("Name").asText());
      sets.put(metric.path("Name").asText(), dimensionSets);
    }
    return new Namespace(directive.path("Namespace").asText(), metrics, sets);
  }

  /** AWS/* namespaces, from src/test/resources/aws-metrics.json. */
  static Map<String, Namespace> awsNamespaces() {
    JsonNode catalog;
    try (InputStream in = EmittedMetrics.class.getResourceAsStream("/aws-metrics.json")) {
      catalog = GrafanaModule.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Namespace> result = new LinkedHashMap<>();
    catalog
        .fields()
        .forEachRemaining(
            entry -> {
              if (entry.getKey().startsWith("_")) {
                return;
              }
              JsonNode ns = entry.getValue();
              List<Set<String>> defaults = dimensionSets(ns.path("dimensionSets"));
              Set<String> metrics = new LinkedHashSet<>();
              Map<String, List<Set<String>>> sets = new LinkedHashMap<>();
              for (JsonNode metric : ns.path("metrics")) {
                metrics.add(metric.asText());
                JsonNode own = ns.path("metricDimensionSets").path(metric.asText());
                sets.put(metric.asText(), own.isMissingNode() ? defaults : dimensionSets(own));
              }
              result.put(entry.getKey(), new Namespace(entry.getKey(), metrics, sets));
            });
    return result;
  }

  /** The CloudFormation resource type whose resources make AWS publish this namespace. */
  static Map<String, String> awsResourceTypes() {
    try (InputStream in = EmittedMetrics.class.getResourceAsStream("/aws-metrics.json")) {
      JsonNode catalog = GrafanaModule.JSON.readTree(in);
      Map<String, String> result = new LinkedHashMap<>();
      catalog
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().startsWith("_")) {
                  result.put(e.getKey(), e.getValue().path("resourceType").asText());
                }
              });
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Set<String>> dimensionSets(JsonNode sets) {
    return StreamSupport.stream(sets.spliterator(), false)
        .map(
            set -> {
              Set<String> keys = new HashSet<>();
              set.forEach(k -> keys.add(k.asText()));
              return Set.copyOf(keys);
            })
        .toList();
  }

  /**
   * The operator's Prometheus metrics from docs/contracts.md: every backticked
   * `datapipeline_...{label,...}` in the "Operator metrics" paragraph.
   */
  static Map<String, PrometheusMetric> operatorPrometheus() {
    String text = read("docs/contracts.md");
    int start = text.indexOf("Operator metrics (Prometheus)");
    if (start < 0) {
      throw new IllegalStateException("contracts.md lost its 'Operator metrics (Prometheus)' list");
    }
    Matcher m =
        Pattern.compile("`(datapipeline_[a-z_]+)(?:\\{([a-z_,]+)})?`")
            .matcher(text.substring(start));
    Map<String, PrometheusMetric> result = new LinkedHashMap<>();
    while (m.find()) {
      Set<String> labels = new LinkedHashSet<>();
      if (m.group(2) != null) {
        for (String l : m.group(2).split(",")) {
          labels.add(l.trim());
        }
      }
      result.put(m.group(1), new PrometheusMetric(m.group(1), labels));
    }
    return result;
  }

  private static String read(String repositoryPath) {
    return GrafanaModule.read(GrafanaModule.repositoryRoot().resolve(repositoryPath));
  }
}
