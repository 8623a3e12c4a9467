package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * values.yaml documents every value with a comment and values.schema.json types every one of them:
 * a value without a comment, or one the schema does not know (which it would then refuse), fails.
 */
class ValuesDocumentationTest {

  /** Values holding a Kubernetes object as is (typed by Kubernetes, not commented key by key). */
  private static final Set<String> KUBERNETES_OBJECTS = Set.of("resources");

  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9_]*):");

  /** A value of the chart: its path ("operator.awsRegion") and whether a comment precedes it. */
  private record Value(String path, boolean commented) {}

  @Test
  void everyValueHasAComment() throws IOException {
    List<Value> values = chartValues();

    assertThat(values).extracting(Value::path).contains("image.repository", "watchNamespaces");
    assertThat(values)
        .filteredOn(value -> !value.commented())
        .extracting(Value::path)
        .as("values.yaml keys without a comment line above them")
        .isEmpty();
  }

  @Test
  void schemaTypesExactlyTheValuesOfValuesYaml() throws IOException {
    JsonNode schema = schema();
    Set<String> inValues = new LinkedHashSet<>();
    chartValues().forEach(value -> inValues.add(value.path()));
    Set<String> inSchema = new LinkedHashSet<>();
    for (Iterator<String> it = schema.path("properties").fieldNames(); it.hasNext(); ) {
      String top = it.next();
      JsonNode property = schema.path("properties").path(top);
      if (top.equals("global")) {
        continue; // Helm's own, set by parent charts
      }
      if (isGroup(top, property)) {
        property.path("properties").fieldNames().forEachRemaining(k -> inSchema.add(top + "." + k));
      } else {
        inSchema.add(top);
      }
    }

    assertThat(inValues).containsExactlyInAnyOrderElementsOf(inSchema);
  }

  /**
   * Top-level values and the members of the chart's own groups (image, operator, ...). Deeper keys
   * are Kubernetes objects passed through (securityContext, resources) or probe timings.
   */
  private static List<Value> chartValues() throws IOException {
    JsonNode schema = schema();
    List<String> lines = Files.readAllLines(RepositoryFiles.chart().resolve("values.yaml"));
    List<Value> values = new ArrayList<>();
    String group = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = KEY.matcher(lines.get(i));
      if (!key.find()) {
        continue;
      }
      int indent = key.group(1).length();
      String name = key.group(2);
      boolean commented = i > 0 && lines.get(i - 1).strip().startsWith("#");
      if (indent == 0) {
        JsonNode property = schema.path("properties").path(name);
        group = isGroup(name, property) ? name : null;
        if (group == null) {
          values.add(new Value(name, commented));
        }
      } else if (indent == 2 && group != null) {
        values.add(new Value(group + "." + name, commented));
      }
    }
    return values;
  }

  /** One of the chart's own groups of values (image, operator, ...), each member documented. */
  private static boolean isGroup(String name, JsonNode property) {
    return property.has("properties") && !KUBERNETES_OBJECTS.contains(name);
  }

  private static JsonNode schema() throws IOException {
    return new ObjectMapper()
        .readTree(RepositoryFiles.chart().resolve("values.schema.json").toFile());
  }
}
