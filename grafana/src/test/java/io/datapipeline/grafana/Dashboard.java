package io.datapipeline.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A dashboard JSON file seen as panels, queries and template variables. */
record Dashboard(String fileName, JsonNode json) {

  static Dashboard load(Path file) {
    return new Dashboard(file.getFileName().toString(), GrafanaModule.parseJson(file));
  }

  static List<Dashboard> all() {
    return GrafanaModule.dashboardFiles().stream().map(Dashboard::load).toList();
  }

  String uid() {
    return json.path("uid").asText();
  }

  /** Every panel, rows included, also those nested in collapsed rows. */
  List<Panel> panels() {
    List<Panel> result = new ArrayList<>();
    for (JsonNode panel : json.path("panels")) {
      result.add(new Panel(this, panel));
      for (JsonNode nested : panel.path("panels")) {
        result.add(new Panel(this, nested));
      }
    }
    return result;
  }

  /** Panels that show data (rows only group). */
  List<Panel> dataPanels() {
    return panels().stream().filter(p -> !p.isRow()).toList();
  }

  List<Query> queries() {
    return dataPanels().stream().flatMap(p -> p.queries().stream()).toList();
  }

  List<JsonNode> variables() {
    List<JsonNode> result = new ArrayList<>();
    json.path("templating").path("list").forEach(result::add);
    return result;
  }

  Optional<JsonNode> variable(String name) {
    return variables().stream().filter(v -> v.path("name").asText().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return fileName;
  }

  /** One panel; `where()` names it in assertion messages. */
  record Panel(Dashboard dashboard, JsonNode json) {

    boolean isRow() {
      return "row".equals(json.path("type").asText());
    }

    String title() {
      return json.path("title").asText();
    }

    JsonNode datasource() {
      return json.path("datasource");
    }

    List<Query> queries() {
      List<Query> result = new ArrayList<>();
      json.path("targets").forEach(t -> result.add(new Query(this, t)));
      return result;
    }

    String where() {
      return dashboard.fileName + " panel " + json.path("id").asText() + " '" + title() + "'";
    }
  }

  /** One query (target) of a panel; its datasource falls back to the panel's, as in Grafana. */
  record Query(Panel panel, JsonNode json) {

    JsonNode datasource() {
      JsonNode own = json.path("datasource");
      return own.isMissingNode() || own.isNull() ? panel.datasource() : own;
    }

    String datasourceType() {
      return datasource().path("type").asText();
    }

    String refId() {
      return json.path("refId").asText();
    }

    String text(String field) {
      return json.path(field).asText("");
    }

    String where() {
      return panel.where() + " query " + refId();
    }

    @Override
    public String toString() {
      return where();
    }
  }
}
