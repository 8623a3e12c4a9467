package io.datapipeline.api.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datapipeline.api.v1alpha1.DataPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates {@code DataPipeline} manifests as the Kubernetes API server would with our CRD: schema
 * defaults first, then the {@code openAPIV3Schema} (types, required fields, enums, patterns,
 * ranges, undeclared fields), then every {@code x-kubernetes-validations} CEL rule, transition
 * rules only against an old object. The fabric8 mock API server used in tests and the sandbox
 * validates nothing, so the {@code render} CLI and the operator call this themselves.
 *
 * <p>Thread-safe; build it once ({@link #forDataPipeline()}) and share it.
 */
public final class ManifestValidator {

  /** Where the crd-generator puts the CRD, which the operator's jar carries. */
  public static final String CRD_RESOURCE =
      "/META-INF/fabric8/datapipelines.datapipeline.io-v1.yml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** metadata.name of a custom resource: a DNS subdomain (RFC 1123). */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private final String apiVersion;
  private final String kind;
  private final JsonNode openApiSchema;
  private final OpenApiSchemaCheck schemaCheck;
  private final CelRuleCheck celCheck;

  private ManifestValidator(String apiVersion, String kind, JsonNode openApiSchema) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.openApiSchema = openApiSchema;
    this.schemaCheck = new OpenApiSchemaCheck(openApiSchema);
    this.celCheck = new CelRuleCheck(openApiSchema);
  }

  /** The validator for our CRD, read from the classpath once. */
  public static ManifestValidator forDataPipeline() {
    return Holder.INSTANCE;
  }

  /**
   * A validator for the first served version of a CRD (a CustomResourceDefinition as a tree).
   *
   * @throws IllegalArgumentException when the CRD has no schema or a CEL rule does not compile
   */
  public static ManifestValidator fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    for (JsonNode version : spec.path("versions")) {
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      if (version.path("served").asBoolean(true) && schema.isObject()) {
        return new ManifestValidator(
            spec.path("group").asText() + "/" + version.path("name").asText(),
            spec.path("names").path("kind").asText(),
            schema);
      }
    }
    throw new IllegalArgumentException("the CRD has no served version with an openAPIV3Schema");
  }

  /** Violations of a manifest being created; empty when the API server would accept it. */
  public List<Violation> validate(JsonNode manifest) {
    return validate(manifest, null);
  }

  /**
   * Violations of a manifest replacing {@code oldManifest} (null: a create). Transition rules
   * (immutability) run only when an old manifest is given.
   */
  public List<Violation> validate(JsonNode manifest, JsonNode oldManifest) {
    if (manifest == null || !manifest.isObject()) {
      return List.of(new Violation("", "a manifest must be an object"));
    }
    JsonNode current = applyDefaults(manifest);
    JsonNode old = oldManifest == null ? null : applyDefaults(oldManifest);

    List<Violation> violations = new ArrayList<>(checkIdentity(current));
    OpenApiSchemaCheck.Result schema = schemaCheck.check(current);
    violations.addAll(schema.violations());
    // As the API server: rules run despite pattern or range violations, but not on values of the
    // wrong type or with required fields missing.
    if (!schema.blocksRules()) {
      violations.addAll(celCheck.check(current, old));
    }
    return violations;
  }

  /** The same checks on a model object (e.g. from an informer); {@code old} may be null. */
  public List<Violation> validate(DataPipeline pipeline, DataPipeline old) {
    return validate(JSON.valueToTree(pipeline), old == null ? null : JSON.valueToTree(old));
  }

  /**
   * A copy of the manifest with the schema's defaults applied, as the API server stores it. Nulls
   * of non-nullable fields are dropped; nothing else is removed.
   */
  public JsonNode applyDefaults(JsonNode manifest) {
    JsonNode copy = manifest.deepCopy();
    SchemaDefaults.apply(copy, openApiSchema);
    return copy;
  }

  /** Reads a manifest written as YAML or JSON (JSON is YAML). */
  public static JsonNode readManifest(String yamlOrJson) {
    try {
      return YAML.readTree(yamlOrJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a YAML or JSON document: " + e.getMessage(), e);
    }
  }

  /** Reads every document of a multi-document YAML stream ({@code ---}), skipping empty ones. */
  public static List<JsonNode> readManifests(String yaml) {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      List<JsonNode> manifests = new ArrayList<>();
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          manifests.add(document);
        }
      }
      return manifests;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a YAML stream: " + e.getMessage(), e);
    }
  }

  /** Reads a manifest file written as YAML or JSON. */
  public static JsonNode readManifest(Path file) throws IOException {
    return readManifest(Files.readString(file));
  }

  private List<Violation> checkIdentity(JsonNode manifest) {
    List<Violation> violations = new ArrayList<>();
    if (!apiVersion.equals(manifest.path("apiVersion").asText())) {
      violations.add(
          new Violation(
              "apiVersion",
              "Unsupported value: " + manifest.path("apiVersion") + ": expected " + apiVersion));
    }
    if (!kind.equals(manifest.path("kind").asText())) {
      violations.add(
          new Violation(
              "kind", "Unsupported value: " + manifest.path("kind") + ": expected " + kind));
    }
    JsonNode name = manifest.path("metadata").path("name");
    if (name.isMissingNode() || name.asText().isEmpty()) {
      violations.add(new Violation("metadata.name", "Required value: name is required"));
    } else if (name.asText().length() > 253 || !DNS_SUBDOMAIN.matcher(name.asText()).matches()) {
      violations.add(
          new Violation(
              "metadata.name",
              "Invalid value: "
                  + name
                  + ": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                  + " characters, '-' or '.', and must start and end with an alphanumeric"
                  + " character"));
    }
    return violations;
  }

  private static final class Holder {
    static final ManifestValidator INSTANCE = load();

    private static ManifestValidator load() {
      try (InputStream in = ManifestValidator.class.getResourceAsStream(CRD_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(CRD_RESOURCE + " is not on the classpath");
        }
        return fromCrd(YAML.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + CRD_RESOURCE, e);
      }
    }
  }
}
