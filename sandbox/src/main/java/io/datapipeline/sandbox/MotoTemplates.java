package io.datapipeline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * SANDBOX ONLY: rewrites the few constructs moto 5.2.1's CloudFormation cannot deploy, so the
 * operator's production templates can run on moto. The same rewrites as the render tests' {@code
 * MotoTemplateAdapter} (operator test scope, which a runnable jar cannot depend on), each naming
 * the moto gap listed in BUILD-NOTES.md:
 *
 * <ul>
 *   <li>{@code AWS::SecretsManager::Secret}: no moto CloudFormation support (skipped, outputs
 *       vanish); replaced by an {@code AWS::SSM::Parameter} without any secret value. The sandbox
 *       creates the secrets the converter reads itself ({@link RdsStandIn}).
 *   <li>{@code Fn::GetAtt [db, MasterUserSecret.SecretArn]}: CreateStack fails; replaced by a
 *       secret-ARN-shaped {@code Fn::Sub}.
 *   <li>{@code Fn::GetAtt [target group, TargetGroupFullName]}: moto answers HTTP 500; replaced by
 *       a fixed text.
 * </ul>
 */
final class MotoTemplates {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MotoTemplates() {}

  static StackPlan adapt(StackPlan plan) {
    return new StackPlan(
        plan.stacks().stream().map(MotoTemplates::adapt).toList(), plan.artifacts());
  }

  static StackSpec adapt(StackSpec stack) {
    return new StackSpec(
        stack.component(),
        stack.stackName(),
        adapt(stack.templateBody()),
        stack.parameters(),
        stack.tags(),
        stack.dependsOn(),
        stack.capabilities());
  }

  static String adapt(String templateBody) {
    try {
      ObjectNode template = (ObjectNode) JSON.readTree(templateBody);
      JsonNode resources = template.get("Resources");
      if (resources instanceof ObjectNode objects) {
        for (Iterator<Map.Entry<String, JsonNode>> it = objects.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> resource = it.next();
          if ("AWS::SecretsManager::Secret".equals(resource.getValue().path("Type").asText())) {
            resource.setValue(ssmStandIn(resource.getKey()));
          }
        }
      }
      return JSON.writeValueAsString(rewriteAttributes(template));
    } catch (IOException e) {
      throw new UncheckedIOException("template is not JSON", e);
    }
  }

  private static ObjectNode ssmStandIn(String logicalId) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode properties = f.objectNode();
    properties.set("Name", f.objectNode().put("Fn::Sub", "${AWS::StackName}-" + logicalId));
    properties.put("Type", "String");
    properties.put("Value", "sandbox stand-in for the secret " + logicalId + " (no secret value)");
    ObjectNode resource = f.objectNode();
    resource.put("Type", "AWS::SSM::Parameter");
    resource.set("Properties", properties);
    return resource;
  }

  private static JsonNode rewriteAttributes(JsonNode node) {
    if (node.isObject()) {
      JsonNode getAtt = node.get("Fn::GetAtt");
      if (node.size() == 1 && getAtt != null && getAtt.isArray() && getAtt.size() == 2) {
        String resource = getAtt.get(0).asText();
        String attribute = getAtt.get(1).asText();
        if (attribute.equals("MasterUserSecret.SecretArn")) {
          return JsonNodeFactory.instance
              .objectNode()
              .put(
                  "Fn::Sub",
                  "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:rds!${"
                      + resource
                      + "}");
        }
        if (attribute.equals("TargetGroupFullName")) {
          return TextNode.valueOf("targetgroup/sandbox-placeholder/" + resource);
        }
      }
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(e -> copy.set(e.getKey(), rewriteAttributes(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(rewriteAttributes(element)));
      return copy;
    }
    return node;
  }
}
