package io.datapipeline.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Checks a manifest against the CRD's {@code openAPIV3Schema}: types, required fields, enums,
 * patterns, ranges and sizes (with a JSON-schema validator), and fields the schema does not declare
 * (the API server's strict field validation, which {@code kubectl apply} uses by default). Messages
 * follow the API server's wording.
 */
final class OpenApiSchemaCheck {

  /** Kubernetes extensions and OpenAPI keywords that JSON Schema draft 4 does not know. */
  private static final List<String> KUBERNETES_KEYWORDS =
      List.of(
          "x-kubernetes-validations",
          "x-kubernetes-preserve-unknown-fields",
          "x-kubernetes-int-or-string",
          "x-kubernetes-embedded-resource",
          "x-kubernetes-list-type",
          "x-kubernetes-list-map-keys",
          "x-kubernetes-map-type",
          "nullable");

  /** Every object has these, and a CRD's schema need not declare them. */
  private static final Set<String> OBJECT_ENVELOPE = Set.of("apiVersion", "kind", "metadata");

  private static final Set<String> BLOCKING_KEYWORDS = Set.of("type", "required");

  private final JsonNode openApiSchema;
  private final JsonSchema jsonSchema;

  OpenApiSchemaCheck(JsonNode openApiSchema) {
    this.openApiSchema = openApiSchema;
    JsonMetaSchema draft4 = JsonMetaSchema.getV4();
    JsonMetaSchema.Builder metaSchema = JsonMetaSchema.builder(draft4.getIri(), draft4);
    KUBERNETES_KEYWORDS.forEach(k -> metaSchema.keyword(new NonValidationKeyword(k)));
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V4, builder -> builder.metaSchema(metaSchema.build()));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.LEGACY).build();
    this.jsonSchema = factory.getSchema(openApiSchema, config);
    // Built lazily otherwise, on the first validate: build now, before threads share it.
    this.jsonSchema.initializeValidators();
  }

  /**
   * What the schema says about a manifest.
   *
   * @param blocksRules a value has the wrong type or a required field is missing: the API server
   *     then does not run the CEL rules, which assume the schema's shape
   */
  record Result(List<Violation> violations, boolean blocksRules) {}

  Result check(JsonNode manifest) {
    List<Violation> violations = new ArrayList<>();
    boolean blocksRules = false;
    for (ValidationMessage message : jsonSchema.validate(manifest)) {
      violations.add(toViolation(message));
      blocksRules |= BLOCKING_KEYWORDS.contains(message.getType());
    }
    collectUnknownFields(manifest, openApiSchema, "", violations);
    return new Result(violations, blocksRules);
  }

  private static Violation toViolation(ValidationMessage message) {
    String path = fieldPath(message.getInstanceLocation());
    JsonNode value = message.getInstanceNode();
    Object[] args = message.getArguments() == null ? new Object[0] : message.getArguments();
    String limit = args.length > 0 ? plainNumber(String.valueOf(args[0])) : "";
    return switch (message.getType()) {
      case "required" ->
          new Violation(FieldPath.child(path, message.getProperty()), "Required value");
      case "enum" ->
          new Violation(
              path,
              "Unsupported value: "
                  + show(value)
                  + ": supported values: "
                  + StreamSupport.stream(message.getSchemaNode().spliterator(), false)
                      .map(JsonNode::toString)
                      .collect(Collectors.joining(", ")));
      case "pattern" ->
          new Violation(path, "Invalid value: " + show(value) + ": should match '" + limit + "'");
      case "minimum" ->
          new Violation(
              path,
              "Invalid value: " + show(value) + ": should be greater than or equal to " + limit);
      case "maximum" ->
          new Violation(
              path, "Invalid value: " + show(value) + ": should be less than or equal to " + limit);
      case "minLength" ->
          new Violation(
              path,
              "Invalid value: " + show(value) + ": should be at least " + limit + " chars long");
      case "maxLength" -> new Violation(path, "Too long: may not be more than " + limit + " bytes");
      case "minItems" ->
          new Violation(
              path,
              "Invalid value: " + value.size() + ": should have at least " + limit + " items");
      case "maxItems", "maxProperties" ->
          new Violation(
              path, "Too many: " + value.size() + ": must have at most " + limit + " items");
      case "type" ->
          new Violation(
              path,
              "Invalid value: "
                  + show(value)
                  + ": must be of type "
                  + message.getSchemaNode().asText());
      default -> new Violation(path, message.getError());
    };
  }

  private void collectUnknownFields(
      JsonNode node, JsonNode schema, String path, List<Violation> violations) {
    if (node.isObject()) {
      JsonNode properties = schema.path("properties");
      boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
      JsonNode additional = schema.path("additionalProperties");
      for (Map.Entry<String, JsonNode> field :
          (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        String name = field.getKey();
        String fieldPath = FieldPath.child(path, name);
        if (properties.has(name)) {
          collectUnknownFields(field.getValue(), properties.get(name), fieldPath, violations);
        } else if (additional.isObject()) {
          collectUnknownFields(field.getValue(), additional, fieldPath, violations);
        } else if (!preserveUnknown && !(path.isEmpty() && OBJECT_ENVELOPE.contains(name))) {
          violations.add(new Violation(fieldPath, "unknown field \"" + fieldPath + "\""));
        }
      }
    } else if (node.isArray() && schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        collectUnknownFields(node.get(i), schema.get("items"), FieldPath.item(path, i), violations);
      }
    }
  }

  /** Turns networknt's instance location ($.spec.columns[0].name) into spec.columns[0].name. */
  private static String fieldPath(JsonNodePath location) {
    String path = "";
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path =
          element instanceof Integer index
              ? FieldPath.item(path, index)
              : FieldPath.child(path, String.valueOf(element));
    }
    return path;
  }

  /** The CRD writes limits as 128.0; the API server prints them as 128. */
  private static String plainNumber(String limit) {
    try {
      return new BigDecimal(limit).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException notANumber) {
      return limit;
    }
  }

  /** A value as the API server prints it: quoted strings, plain numbers, "object" for objects. */
  private static String show(JsonNode value) {
    if (value == null) {
      return "null";
    }
    if (value.isObject()) {
      return "\"object\"";
    }
    if (value.isArray()) {
      return "\"array\"";
    }
    return value.toString();
  }
}
