package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.api.validation.ManifestValidator;
import io.datapipeline.api.validation.Violation;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Optional;

/**
 * What kube-apiserver does to a custom resource before it stores it, for one CRD: strict field
 * validation when the client asks for it ({@code fieldValidation=Strict}, kubectl's default),
 * pruning of undeclared fields otherwise, the schema's defaults, then the schema and its CEL rules
 * (transition rules against the stored object on updates) through the operator's own {@link
 * ManifestValidator}.
 */
final class CustomResourceAdmission {

  /** What admission decided: the object to store, or the error reply. */
  sealed interface Decision {}

  record Admitted(ObjectNode object, List<String> warnings) implements Decision {}

  record Rejected(MockResponse response) implements Decision {}

  private final String group;
  private final String kind;
  private final String version;
  private final JsonNode schema;
  private final ManifestValidator validator;

  CustomResourceAdmission(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    this.group = spec.path("group").asText();
    this.kind = spec.path("names").path("kind").asText();
    JsonNode served = null;
    for (JsonNode version : spec.path("versions")) {
      if (version.path("served").asBoolean(true)) {
        served = version;
        break;
      }
    }
    if (served == null) {
      throw new IllegalArgumentException("the CRD serves no version");
    }
    this.version = served.path("name").asText();
    this.schema = served.path("schema").path("openAPIV3Schema");
    this.validator = ManifestValidator.fromCrd(crd);
  }

  /**
   * CEL rule messages come without the kind of error; kube-apiserver prints them as {@code Invalid
   * value: "object": <message>}, naming the type of the value the rule is on.
   */
  private static Violation withValueType(Violation violation, JsonNode object) {
    String message = violation.message();
    for (String known : KNOWN_PREFIXES) {
      if (message.startsWith(known)) {
        return violation;
      }
    }
    JsonNode value = object;
    for (String part : violation.field().split("\\.")) {
      int bracket = part.indexOf('[');
      value = value.path(bracket < 0 ? part : part.substring(0, bracket));
      if (bracket >= 0) {
        value = value.path(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
      }
    }
    String type =
        value.isObject()
            ? "object"
            : value.isArray()
                ? "array"
                : value.isIntegralNumber()
                    ? "integer"
                    : value.isNumber() ? "number" : value.isBoolean() ? "boolean" : "string";
    return new Violation(violation.field(), "Invalid value: \"" + type + "\": " + message);
  }

  private static final List<String> KNOWN_PREFIXES =
      List.of(
          "Required value",
          "Invalid value",
          "Unsupported value",
          "Too long",
          "Too many",
          "Forbidden",
          "Duplicate value",
          "unknown field");

  /**
   * Admits a create ({@code old} empty) or an update of the whole object.
   *
   * @param fieldValidation the request's {@code fieldValidation} parameter: Strict, Warn or Ignore
   */
  Decision admit(ObjectNode object, Optional<JsonNode> old, String fieldValidation) {
    String name = object.path("metadata").path("name").asText();
    ObjectNode candidate = object.deepCopy();
    List<String> unknown = SchemaPruning.prune(candidate, schema);
    if (!unknown.isEmpty() && "Strict".equalsIgnoreCase(fieldValidation)) {
      // kube-apiserver's wording for a strict decoding error (HTTP 400, not 422)
      return new Rejected(
          ApiStatus.badRequest(
              kind
                  + " in version \""
                  + version
                  + "\" cannot be handled as a "
                  + kind
                  + ": strict decoding error: "
                  + String.join(
                      ", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList())));
    }
    ObjectNode defaulted = (ObjectNode) validator.applyDefaults(candidate);
    List<Violation> violations =
        validator.validate(defaulted, old.map(validator::applyDefaults).orElse(null));
    if (!violations.isEmpty()) {
      return new Rejected(
          ApiStatus.invalid(
              group,
              kind,
              name,
              violations.stream().map(v -> withValueType(v, defaulted)).toList()));
    }
    return new Admitted(
        defaulted, unknown.stream().map(f -> "unknown field \"" + f + "\"").toList());
  }
}
