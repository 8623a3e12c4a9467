package io.datapipeline.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.operator.cloudformation.CloudFormationApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Stack policies for the stacks that hold data (defence in depth behind {@link ChangeSetGate}):
 * CloudFormation itself refuses an update that would replace or delete a data resource, whoever
 * started it, unless the policy was lifted for exactly the resources of an approved change set.
 */
public final class StackPolicies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StackPolicies() {}

  /**
   * Sets {@code policy} on the stack unless it is already in place: a repeated reconcile (or a
   * stack stalled after a rollback) must not write the same policy again and again.
   */
  static void apply(CloudFormationApi cfn, String stackName, String policy) {
    Optional<String> current = cfn.getStackPolicy(stackName);
    if (current.isPresent() && sameJson(current.get(), policy)) {
      return;
    }
    cfn.setStackPolicy(stackName, policy);
  }

  private static boolean sameJson(String a, String b) {
    try {
      return JSON.readTree(a).equals(JSON.readTree(b));
    } catch (IOException e) {
      return false; // not ours, or not JSON: replace it
    }
  }

  /** Logical ids of the template's data resources, in template order. */
  static List<String> dataResources(String templateBody) {
    List<String> ids = new ArrayList<>();
    try {
      JsonNode resources = JSON.readTree(templateBody).path("Resources");
      resources
          .fields()
          .forEachRemaining(
              e -> {
                if (DataResources.isData(e.getValue().path("Type").asText())) {
                  ids.add(e.getKey());
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("template is not JSON", e);
    }
    return ids;
  }

  /** Deny Update:Replace and Update:Delete on the template's data resources; empty if none. */
  public static Optional<String> guard(String templateBody) {
    return policy(dataResources(templateBody), List.of());
  }

  /** The guard with {@code lifted} (an approved change set's resources) let through. */
  static Optional<String> lifted(String templateBody, Collection<String> lifted) {
    return policy(dataResources(templateBody), lifted);
  }

  private static Optional<String> policy(List<String> data, Collection<String> lifted) {
    List<String> denied = data.stream().filter(id -> !lifted.contains(id)).toList();
    if (data.isEmpty() && lifted.isEmpty()) {
      return Optional.empty(); // nothing to guard, and no guard of an earlier template to lift
    }
    ObjectNode policy = JSON.createObjectNode();
    ArrayNode statements = policy.putArray("Statement");
    ObjectNode allow = statements.addObject();
    allow.put("Effect", "Allow").put("Action", "Update:*").put("Principal", "*");
    allow.put("Resource", "*");
    if (!denied.isEmpty()) {
      ObjectNode deny = statements.addObject();
      deny.put("Effect", "Deny").put("Principal", "*");
      deny.putArray("Action").add("Update:Replace").add("Update:Delete");
      ArrayNode resources = deny.putArray("Resource");
      denied.forEach(id -> resources.add("LogicalResourceId/" + id));
    }
    return Optional.of(policy.toString());
  }
}
