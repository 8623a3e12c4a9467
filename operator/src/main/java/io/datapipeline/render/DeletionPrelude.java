package io.datapipeline.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.render.cfn.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The template a stack is updated to just before it is deleted, so its deletion policies can do
 * what they say. RDS refuses to delete an instance with DeletionProtection on, so CloudFormation's
 * {@code DeletionPolicy: Snapshot} would never run: the stack goes DELETE_FAILED and the database
 * keeps running. Turning the protection off by a stack update (and nothing else: the rest of the
 * deployed template stays as it is) lets the delete take the final snapshot.
 *
 * <p>Pure: template text in, template text out, so golden files pin what the update changes.
 */
public final class DeletionPrelude {

  /** Resource types CloudFormation snapshots under {@code DeletionPolicy: Snapshot}. */
  static final Set<String> PROTECTED_TYPES = Set.of("AWS::RDS::DBInstance", "AWS::RDS::DBCluster");

  /** Deletion policies under which CloudFormation skips the resource when the stack goes. */
  private static final Set<String> RETAINING_POLICIES = Set.of("Retain", "RetainExceptOnCreate");

  private DeletionPrelude() {}

  /**
   * The deployed template with DeletionProtection off on every database whose deletion policy is
   * Snapshot; empty when none has it on (nothing to update before the delete). Databases kept by
   * {@code Retain} keep their protection: CloudFormation skips them and they stay protected.
   */
  public static Optional<String> unprotected(String templateBody) {
    JsonNode template = read(templateBody);
    List<String> changed = snapshotProtected(template);
    if (changed.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode copy = template.deepCopy();
    for (String id : changed) {
      ((ObjectNode) copy.path("Resources").path(id).path("Properties"))
          .put("DeletionProtection", false);
    }
    return Optional.of(CanonicalJson.pretty(copy));
  }

  /**
   * Logical ids of the template's resources that CloudFormation snapshots when the stack is deleted
   * (DeletionPolicy Snapshot), with their types.
   */
  public static Map<String, String> snapshotted(String templateBody) {
    return resourcesWhere(
        templateBody,
        r ->
            PROTECTED_TYPES.contains(r.path("Type").asText())
                && "Snapshot".equals(r.path("DeletionPolicy").asText()));
  }

  /**
   * Logical ids of the template's resources that CloudFormation keeps when the stack is deleted
   * (DeletionPolicy Retain or RetainExceptOnCreate: skipped by the delete), with their types.
   * Empty: the template keeps nothing of its own accord.
   */
  public static Map<String, String> retained(String templateBody) {
    return resourcesWhere(
        templateBody, r -> RETAINING_POLICIES.contains(r.path("DeletionPolicy").asText()));
  }

  /** Logical id -> type of the template's resources that {@code test} accepts, in order. */
  private static Map<String, String> resourcesWhere(String templateBody, Predicate<JsonNode> test) {
    Map<String, String> ids = new LinkedHashMap<>();
    read(templateBody)
        .path("Resources")
        .fields()
        .forEachRemaining(
            r -> {
              if (test.test(r.getValue())) {
                ids.put(r.getKey(), r.getValue().path("Type").asText());
              }
            });
    return ids;
  }

  private static List<String> snapshotProtected(JsonNode template) {
    List<String> ids = new ArrayList<>();
    template
        .path("Resources")
        .fields()
        .forEachRemaining(
            r -> {
              JsonNode resource = r.getValue();
              JsonNode protection = resource.path("Properties").path("DeletionProtection");
              if (PROTECTED_TYPES.contains(resource.path("Type").asText())
                  && "Snapshot".equals(resource.path("DeletionPolicy").asText())
                  && resource.path("Properties").isObject()
                  && (protection.asBoolean(false) || "true".equals(protection.asText()))) {
                ids.add(r.getKey());
              }
            });
    return ids;
  }

  private static JsonNode read(String templateBody) {
    try {
      return CanonicalJson.mapper().readTree(templateBody);
    } catch (IOException e) {
      throw new UncheckedIOException("the deployed template is not JSON", e);
    }
  }
}
