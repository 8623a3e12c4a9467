package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DashboardFilesTest {

  private static final Pattern VARIABLE_UID = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

  /** Variables Grafana defines itself, usable in any query. */
  private static final Set<String> GLOBAL_VARIABLES =
      Set.of(
          "__interval",
          "__interval_ms",
          "__range",
          "__range_s",
          "__range_ms",
          "__rate_interval",
          "__from",
          "__to",
          "__dashboard",
          "__user",
          "__org");

  private final List<Dashboard> dashboards = Dashboard.all();

  @Test
  void shipsBothDashboards() {
    assertThat(dashboards)
        .extracting(Dashboard::fileName)
        .containsExactly("operator.json", "pipeline-overview.json");
  }

  @Test
  void everyDashboardHasAUniqueUidTitleAndSchemaVersion() {
    Set<String> uids = new HashSet<>();
    for (Dashboard d : dashboards) {
      assertThat(d.uid()).as(d + " uid").matches("[a-zA-Z0-9_-]{1,40}");
      assertThat(uids.add(d.uid())).as(d + " uid is unique").isTrue();
      assertThat(d.json().path("title").asText()).as(d + " title").isNotBlank();
      assertThat(d.json().path("schemaVersion").asInt()).as(d + " schemaVersion").isPositive();
      assertThat(d.json().path("editable").asBoolean(true))
          .as(d + " is provisioned read-only: edit the file, not the UI")
          .isFalse();
    }
  }

  @Test
  void panelIdsAreUniqueAndEveryPanelFitsTheGrid() {
    for (Dashboard d : dashboards) {
      Set<Integer> ids = new HashSet<>();
      for (Dashboard.Panel p : d.panels()) {
        assertThat(ids.add(p.json().path("id").asInt())).as(p.where() + " id is unique").isTrue();
        JsonNode grid = p.json().path("gridPos");
        assertThat(grid.path("w").asInt()).as(p.where() + " width").isBetween(1, 24);
        assertThat(grid.path("x").asInt() + grid.path("w").asInt())
            .as(p.where() + " right edge")
            .isLessThanOrEqualTo(24);
        assertThat(grid.path("h").asInt()).as(p.where() + " height").isPositive();
        assertThat(p.title()).as(p.where() + " title").isNotBlank();
      }
    }
  }

  @Test
  void noPanelIsLeftWithoutAQuery() {
    for (Dashboard d : dashboards) {
      for (Dashboard.Panel p : d.dataPanels()) {
        assertThat(p.queries()).as(p.where() + " has queries").isNotEmpty();
        Set<String> refIds = new HashSet<>();
        for (Dashboard.Query q : p.queries()) {
          assertThat(refIds.add(q.refId())).as(q.where() + " refId is unique").isTrue();
          assertThat(queryText(q)).as(q.where() + " query text").isNotBlank();
        }
      }
    }
  }

  @Test
  void everyDatasourceReferenceResolvesToAProvisionedDatasource() {
    Map<String, JsonNode> provisioned = Datasources.provisioned();
    for (Dashboard d : dashboards) {
      for (Dashboard.Panel p : d.dataPanels()) {
        assertResolves(d, p.where(), p.datasource(), provisioned);
        for (Dashboard.Query q : p.queries()) {
          assertResolves(d, q.where(), q.datasource(), provisioned);
          assertThat(q.datasourceType())
              .as(q.where() + " queries the same kind of datasource as its panel")
              .isEqualTo(p.datasource().path("type").asText());
        }
      }
    }
  }

  /**
   * A reference is either the uid of a datasource this image provisions, of the same type, or a
   * `${variable}` of type datasource restricted to that type (the operator dashboard, which runs in
   * the cluster's Grafana against whatever Prometheus it has).
   */
  private static void assertResolves(
      Dashboard d, String where, JsonNode ref, Map<String, JsonNode> provisioned) {
    String uid = ref.path("uid").asText();
    String type = ref.path("type").asText();
    assertThat(type).as(where + " datasource type").isNotBlank();
    Matcher variable = VARIABLE_UID.matcher(uid);
    if (variable.matches()) {
      String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
      JsonNode v = d.variable(name).orElse(null);
      assertThat(v).as(where + " datasource variable $" + name + " is defined").isNotNull();
      assertThat(v.path("type").asText()).as(where + " $" + name + " type").isEqualTo("datasource");
      assertThat(v.path("query").asText()).as(where + " $" + name + " plugin").isEqualTo(type);
    } else {
      assertThat(provisioned).as(where + " datasource uid '" + uid + "'").containsKey(uid);
      assertThat(provisioned.get(uid).path("type").asText())
          .as(where + " datasource type matches the provisioned one")
          .isEqualTo(type);
    }
  }

  @Test
  void everyVariableAQueryNamesIsDefined() {
    for (Dashboard d : dashboards) {
      Set<String> defined = new HashSet<>(GLOBAL_VARIABLES);
      d.variables().forEach(v -> defined.add(v.path("name").asText()));
      for (Dashboard.Query q : d.queries()) {
        for (String name : TemplateVariables.referencedNames(queryText(q))) {
          if (isMacroCall(queryText(q), name)) {
            continue;
          }
          assertThat(defined).as(q.where() + " uses $" + name).contains(name);
        }
      }
    }
  }

  @Test
  void placeholdersAppearOnlyInHiddenConstantsAndTheTitle() {
    for (Dashboard d : dashboards) {
      List<String> offenders = new ArrayList<>();
      collectPlaceholders(d.json().path("panels"), "panels", offenders);
      for (JsonNode v : d.variables()) {
        boolean hiddenConstant =
            "constant".equals(v.path("type").asText()) && v.path("hide").asInt() == 2;
        if (!hiddenConstant) {
          collectPlaceholders(v, "variable " + v.path("name").asText(), offenders);
        }
      }
      assertThat(offenders).as(d + ": @@NAME@@ outside hidden constants").isEmpty();
    }
  }

  private static void collectPlaceholders(JsonNode node, String path, List<String> offenders) {
    if (node.isTextual() && node.asText().contains("@@")) {
      offenders.add(path + ": " + node.asText());
    }
    node.fields()
        .forEachRemaining(
            e -> collectPlaceholders(e.getValue(), path + "." + e.getKey(), offenders));
    for (int i = 0; i < node.size() && node.isArray(); i++) {
      collectPlaceholders(node.get(i), path + "[" + i + "]", offenders);
    }
  }

  private static boolean isMacroCall(String text, String name) {
    return name.startsWith("__") && text.contains("$" + name + "(");
  }

  /** The text that carries a query for each datasource type used here. */
  static String queryText(Dashboard.Query q) {
    return switch (q.datasourceType()) {
      case Datasources.POSTGRES_TYPE -> q.text("rawSql");
      case Datasources.PROMETHEUS_TYPE -> q.text("expr");
      case Datasources.CLOUDWATCH_TYPE ->
          q.text("namespace").isBlank() || q.text("metricName").isBlank()
              ? ""
              : q.text("namespace")
                  + " "
                  + q.text("metricName")
                  + " "
                  + q.json().path("dimensions");
      default ->
          throw new AssertionError(q.where() + " uses unexpected type " + q.datasourceType());
    };
  }
}
