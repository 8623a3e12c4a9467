package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusPanelsTest {

  /** Labels Prometheus adds to every scraped series (target labels), usable with any metric. */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod");

  /** PromQL words that look like identifiers but are functions, keywords or aggregations. */
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "by",
          "without",
          "rate",
          "irate",
          "increase",
          "avg",
          "max",
          "min",
          "count",
          "or",
          "and",
          "unless",
          "vector",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "histogram_quantile",
          "topk",
          "bottomk",
          "clamp_min",
          "label_values");

  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern METRIC_NAME = Pattern.compile("\\bdatapipeline_[a-z_]+\\b");

  private final Map<String, EmittedMetrics.PrometheusMetric> contract =
      EmittedMetrics.operatorPrometheus();

  private static List<Dashboard.Query> prometheusQueries() {
    return Dashboard.all().stream()
        .flatMap(d -> d.queries().stream())
        .filter(q -> q.datasourceType().equals(Datasources.PROMETHEUS_TYPE))
        .toList();
  }

  @Test
  void theContractListsTheOperatorsMetrics() {
    assertThat(contract)
        .containsKeys(
            "datapipeline_reconciliations_total", "datapipeline_cloudformation_throttles_total");
  }

  @Test
  void everyPrometheusQueryNamesOnlyTheOperatorsMetricsAndTheirLabels() {
    List<Dashboard.Query> queries = prometheusQueries();
    assertThat(queries).isNotEmpty();
    for (Dashboard.Query q : queries) {
      String expr = q.text("expr");
      Set<String> metrics = new HashSet<>();
      Matcher name = METRIC_NAME.matcher(expr);
      while (name.find()) {
        metrics.add(name.group());
      }
      assertThat(metrics).as(q.where() + " queries an operator metric").isNotEmpty();
      assertThat(contract.keySet()).as(q.where() + " metrics").containsAll(metrics);

      Set<String> allowedLabels = new HashSet<>(TARGET_LABELS);
      metrics.forEach(m -> allowedLabels.addAll(contract.get(m).labels()));
      Matcher selector = SELECTOR.matcher(expr);
      while (selector.find()) {
        assertThat(contract.keySet())
            .as(q.where() + " selector metric")
            .contains(selector.group(1));
        Set<String> own = new HashSet<>(TARGET_LABELS);
        own.addAll(contract.get(selector.group(1)).labels());
        Matcher label = MATCHER.matcher(selector.group(2));
        while (label.find()) {
          assertThat(own).as(q.where() + " label of " + selector.group(1)).contains(label.group(1));
        }
      }
      Matcher grouping = GROUPING.matcher(expr);
      while (grouping.find()) {
        for (String label : grouping.group(1).split(",")) {
          assertThat(allowedLabels).as(q.where() + " grouping label").contains(label.trim());
        }
      }
      Matcher word = Pattern.compile("\\b([a-z_]+)\\s*\\(").matcher(expr);
      while (word.find()) {
        assertThat(PROMQL_WORDS).as(q.where() + " function").contains(word.group(1));
      }
    }
  }

  @Test
  void everyOperatorMetricIsOnTheOperatorDashboard() {
    Set<String> shown = new HashSet<>();
    for (Dashboard.Query q : prometheusQueries()) {
      Matcher name = METRIC_NAME.matcher(q.text("expr"));
      while (name.find()) {
        shown.add(name.group());
      }
    }
    assertThat(shown).containsExactlyInAnyOrderElementsOf(contract.keySet());
  }

  @Test
  void legendsNameOnlyLabelsTheQueryKeeps() {
    for (Dashboard.Query q : prometheusQueries()) {
      Matcher legend = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(q.text("legendFormat"));
      while (legend.find()) {
        assertThat(q.text("expr"))
            .as(q.where() + " legend {{" + legend.group(1) + "}} is grouped by")
            .containsPattern("by \\([^)]*\\b" + legend.group(1) + "\\b");
      }
    }
  }
}
