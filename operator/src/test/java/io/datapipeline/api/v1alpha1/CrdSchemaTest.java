package io.datapipeline.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Properties of the generated CRD schema that kubectl users and the API server rely on. */
class CrdSchemaTest {

  static JsonNode schema;

  @BeforeAll
  static void readGeneratedCrd() throws IOException {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(CrdIsUpToDateTest.generatedCrd());
    schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    assertThat(schema.isObject()).as("openAPIV3Schema").isTrue();
  }

  @Test
  void everyPropertyHasADescription() {
    assertThat(SchemaWalk.undescribedProperties(schema))
        .as("properties without a description (kubectl explain)")
        .isEmpty();
  }

  /**
   * The API server accepts only structural schemas: every node has a type (or says it keeps unknown
   * fields), and no object has both properties and additionalProperties.
   */
  @Test
  void schemaIsStructural() {
    List<String> problems = new ArrayList<>();
    SchemaWalk.walk(
        schema,
        "",
        (path, node) -> {
          if (!node.has("type") && !node.has("x-kubernetes-int-or-string")) {
            problems.add(path + " has no type");
          }
          if (node.has("properties") && node.has("additionalProperties")) {
            problems.add(path + " has both properties and additionalProperties");
          }
        });
    assertThat(problems).isEmpty();
  }

  /**
   * The API server estimates each CEL rule's worst-case cost from the schema and refuses a CRD
   * whose rules could cost too much; an unbounded string or list counts as a 3 MB request's worth.
   * So every string in spec has a maxLength (or an enum), every list a maxItems, every map a
   * maxProperties.
   */
  @Test
  void everySpecStringListAndMapIsBoundedForCelCostEstimation() {
    List<String> unbounded = new ArrayList<>();
    SchemaWalk.walk(
        schema.at("/properties/spec"),
        "spec",
        (path, node) -> {
          String type = node.path("type").asText();
          if (type.equals("string") && !node.has("maxLength") && !node.has("enum")) {
            unbounded.add(path + " (string without maxLength)");
          } else if (type.equals("array") && !node.has("maxItems")) {
            unbounded.add(path + " (list without maxItems)");
          } else if (node.has("additionalProperties") && !node.has("maxProperties")) {
            unbounded.add(path + " (map without maxProperties)");
          }
        });
    assertThat(unbounded).isEmpty();
  }

  /**
   * The mock API server (tests, sandbox) applies no defaults, so the model's field initialisers
   * stand in for them: each must equal the schema default, and a field without a schema default
   * starts out null. Required fields are exempt: every valid manifest sets them.
   */
  @Test
  void javaFieldInitialisersEqualTheSchemaDefaults() {
    Map<Class<?>, String> schemaOfClass = new LinkedHashMap<>();
    schemaOfClass.put(DataPipelineSpec.class, "/properties/spec");
    schemaOfClass.put(AwsSpec.class, "/properties/spec/properties/aws");
    schemaOfClass.put(NetworkSpec.class, "/properties/spec/properties/network");
    schemaOfClass.put(
        NetworkSpec.NetworkCreateSpec.class,
        "/properties/spec/properties/network/properties/create");
    schemaOfClass.put(IngestSpec.class, "/properties/spec/properties/ingest");
    schemaOfClass.put(SchemaSpec.class, "/properties/spec/properties/schema");
    schemaOfClass.put(
        ColumnSpec.class, "/properties/spec/properties/schema/properties/columns/items");
    schemaOfClass.put(ConverterSpec.class, "/properties/spec/properties/converter");
    schemaOfClass.put(DatabaseSpec.class, "/properties/spec/properties/database");
    schemaOfClass.put(TableSpec.class, "/properties/spec/properties/table");
    schemaOfClass.put(DashboardSpec.class, "/properties/spec/properties/dashboard");

    List<String> objectSchemasInSpec = new ArrayList<>();
    SchemaWalk.walk(
        schema.at("/properties/spec"),
        "spec",
        (path, node) -> {
          if (node.has("properties")) {
            objectSchemasInSpec.add(path);
          }
        });
    assertThat(schemaOfClass)
        .as("a model class for each object in spec: %s", objectSchemasInSpec)
        .hasSameSizeAs(objectSchemasInSpec);

    ObjectMapper mapper = new ObjectMapper();
    List<String> mismatches = new ArrayList<>();
    schemaOfClass.forEach(
        (type, pointer) -> {
          JsonNode javaDefaults = mapper.valueToTree(newInstance(type));
          List<String> required = new ArrayList<>();
          schema.at(pointer).path("required").forEach(r -> required.add(r.asText()));
          schema
              .at(pointer)
              .path("properties")
              .fields()
              .forEachRemaining(
                  p -> {
                    JsonNode schemaDefault = p.getValue().get("default");
                    JsonNode javaDefault = javaDefaults.get(p.getKey());
                    if (required.contains(p.getKey())) {
                      return;
                    }
                    boolean same =
                        schemaDefault == null
                            ? javaDefault == null || javaDefault.isNull()
                            : schemaDefault.equals(javaDefault);
                    if (!same) {
                      mismatches.add(
                          type.getSimpleName()
                              + "."
                              + p.getKey()
                              + ": schema default "
                              + schemaDefault
                              + ", Java initialiser "
                              + javaDefault);
                    }
                  });
        });
    assertThat(mismatches).isEmpty();
  }

  private static Object newInstance(Class<?> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("model class without a public no-argument constructor: " + type, e);
    }
  }
}
