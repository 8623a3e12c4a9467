package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Server-side printing ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}), which {@code
 * kubectl get} asks for: a custom resource's columns are its CRD's {@code
 * additionalPrinterColumns}; the few built-in kinds the sandbox serves get kube-apiserver's main
 * columns.
 */
final class TableConverter {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Column(String name, String type, String jsonPath, int priority, String description) {}

  private final Map<String, List<Column>> columnsByResource = new HashMap<>();

  TableConverter(List<JsonNode> crds) {
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      for (JsonNode version : spec.path("versions")) {
        List<Column> columns = new ArrayList<>();
        columns.add(name());
        for (JsonNode column : version.path("additionalPrinterColumns")) {
          columns.add(
              new Column(
                  column.path("name").asText(),
                  column.path("type").asText("string"),
                  column.path("jsonPath").asText(),
                  column.path("priority").asInt(0),
                  column.path("description").asText("")));
        }
        columnsByResource.put(
            spec.path("group").asText() + "/" + spec.path("names").path("plural").asText(),
            columns);
      }
    }
    columnsByResource.put("/namespaces", List.of(name(), column("Status", ".status.phase"), age()));
    columnsByResource.put(
        "/secrets", List.of(name(), column("Type", ".type"), count("Data", ".data"), age()));
    columnsByResource.put("/configmaps", List.of(name(), count("Data", ".data"), age()));
    columnsByResource.put(
        "/events",
        List.of(
            new Column("Last Seen", "date", ".lastTimestamp", 0, "when it was last seen"),
            column("Type", ".type"),
            column("Reason", ".reason"),
            new Column("Object", "string", "<involvedObject>", 0, "the object it is about"),
            column("Message", ".message")));
  }

  /**
   * A Table of a list or of one object.
   *
   * @param includeObject None, Metadata (the default) or Object: what each row carries
   */
  ObjectNode table(ResourcePath target, JsonNode body, String includeObject) {
    List<Column> columns =
        columnsByResource.getOrDefault(
            target.group() + "/" + target.plural(), List.of(name(), age()));
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table
        .putObject("metadata")
        .put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column column : columns) {
      ObjectNode definition = definitions.addObject();
      definition.put("name", column.name());
      definition.put("type", column.type().equals("date") ? "string" : column.type());
      definition.put("format", column.name().equals("Name") ? "name" : "");
      definition.put("description", column.description());
      definition.put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.path("items").forEach(objects::add);
    } else {
      objects.add(body);
    }
    Instant now = Instant.now();
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column column : columns) {
        cells.add(cell(column, object, now));
      }
      if ("Object".equals(includeObject)) {
        row.set("object", object);
      } else if (!"None".equals(includeObject)) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata"));
      }
    }
    return table;
  }

  private static JsonNode cell(Column column, JsonNode object, Instant now) {
    if (column.jsonPath().equals("<involvedObject>")) {
      JsonNode involved = object.path("involvedObject");
      return JSON.getNodeFactory()
          .textNode(
              involved.path("kind").asText().toLowerCase(Locale.ROOT)
                  + "/"
                  + involved.path("name").asText());
    }
    List<JsonNode> values = JsonPathLite.select(object, column.jsonPath());
    if (column.type().equals("count")) {
      return JSON.getNodeFactory().numberNode(values.isEmpty() ? 0 : values.get(0).size());
    }
    if (values.isEmpty() || values.get(0).isNull()) {
      return JSON.getNodeFactory().textNode(column.type().equals("date") ? "<unknown>" : "");
    }
    JsonNode value = values.get(0);
    if (column.type().equals("date")) {
      try {
        return JSON.getNodeFactory()
            .textNode(humanDuration(Duration.between(Instant.parse(value.asText()), now)));
      } catch (DateTimeParseException e) {
        return JSON.getNodeFactory().textNode(value.asText());
      }
    }
    if (column.type().equals("integer") || column.type().equals("number")) {
      return value;
    }
    return JSON.getNodeFactory().textNode(value.isValueNode() ? value.asText() : value.toString());
  }

  /** apimachinery's duration.HumanDuration: how kubectl prints ages. */
  static String humanDuration(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return twoUnits(minutes, "m", seconds % 60, "s");
    }
    if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return twoUnits(hours, "h", minutes % 60, "m");
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (hours < 24 * 8) {
      return twoUnits(days, "d", hours % 24, "h");
    }
    if (hours < 24 * 365 * 2) {
      return days + "d";
    }
    if (hours < 24 * 365 * 8) {
      return twoUnits(days / 365, "y", days % 365, "d");
    }
    return (days / 365) + "y";
  }

  /** A count in a unit and the rest in the next smaller one, which is left out when zero. */
  private static String twoUnits(long count, String unit, long rest, String restUnit) {
    return rest == 0 ? count + unit : count + unit + rest + restUnit;
  }

  private static Column name() {
    return new Column(
        "Name",
        "string",
        ".metadata.name",
        0,
        "Name must be unique within a namespace. It is required when creating resources.");
  }

  private static Column age() {
    return new Column(
        "Age", "date", ".metadata.creationTimestamp", 0, "the time since the object was created");
  }

  private static Column column(String name, String jsonPath) {
    return new Column(name, "string", jsonPath, 0, "");
  }

  private static Column count(String name, String jsonPath) {
    return new Column(name, "count", jsonPath, 0, "");
  }
}
