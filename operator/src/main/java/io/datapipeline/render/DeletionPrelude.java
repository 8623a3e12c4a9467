package io.datapipeline.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.render.cfn.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    Map<String, String> ids = new java.util.LinkedHashMap<>();
    read(templateBody)
        .path("Resources")
        .fields()
        .forEachRemaining(
            r -> {
              String type = r.getValue().path("Type").asText();
              if (PROTECTED_TYPES.contains(type)
                  && "Snapshot".equals(r.getValue().path("DeletionPolicy").asText())) {
                ids.put(r.getKey(), type);
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
