package io.datapipeline.standins.moto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * TESTS AND SANDBOX ONLY: rewrites the few constructs moto 5.2.1's CloudFormation cannot deploy, so
 * that the deployment tests and the sandbox can still create every stack and check every output.
 * Production templates are never changed; cfn-lint and the golden files judge those. Each rewrite
 * names the moto gap it works around (also listed in BUILD-NOTES.md), and {@link Result#applied()}
 * says which ones a template needed, so a test can notice when moto starts supporting something.
 *
 * <ul>
 *   <li>{@code AWS::SecretsManager::Secret}: "No Moto CloudFormation support"; the resource is
 *       skipped and every output that refers to it disappears. Replaced by an {@code
 *       AWS::SSM::Parameter} (no secret value: a fixed text) so Ref still yields a string.
 *   <li>{@code Fn::GetAtt [<db>, MasterUserSecret.SecretArn]}: CreateStack fails with "does not
 *       support attribute type". Replaced by a secret-ARN-shaped {@code Fn::Sub} on the instance.
 *   <li>{@code Fn::GetAtt [<target group>, TargetGroupFullName]}: moto's target group has no
 *       attributes at all (HTTP 500). Replaced by a fixed placeholder text.
 *   <li>{@code AWS::RDS::DBInstance} without {@code DBInstanceIdentifier}: moto generates {@code
 *       <stack name>-<logical id>-<12 random>} without cutting it to RDS's 63 characters, as
 *       CloudFormation does, so CreateStack fails ("not a valid identifier") for any stack name
 *       over about 40 characters (every hashed name). Given {@code db-<uuid of the stack id>}
 *       instead: unique per stack, 39 characters.
 * </ul>
 */
public final class MotoTemplateAdapter {

  public static final String SECRET_STAND_IN = "secret-as-ssm-parameter";
  public static final String MASTER_SECRET_ARN = "MasterUserSecret.SecretArn-as-sub";
  public static final String TARGET_GROUP_FULL_NAME = "TargetGroupFullName-as-text";
  public static final String DB_INSTANCE_IDENTIFIER = "DBInstanceIdentifier-from-stack-id";

  /** What moto gets, and which rewrites it took. */
  public record Result(String templateBody, Set<String> applied) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MotoTemplateAdapter() {}

  public static Result adapt(String templateBody) {
    ObjectNode template;
    try {
      template = (ObjectNode) JSON.readTree(templateBody);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> applied = new TreeSet<>();
    ObjectNode resources = (ObjectNode) template.get("Resources");
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> resource = it.next();
      String type = resource.getValue().path("Type").asText();
      if ("AWS::SecretsManager::Secret".equals(type)) {
        resource.setValue(ssmStandIn(resource.getKey()));
        applied.add(SECRET_STAND_IN);
      }
      if ("AWS::RDS::DBInstance".equals(type)
          && resource.getValue().path("Properties").isObject()
          && !resource.getValue().path("Properties").has("DBInstanceIdentifier")) {
        ((ObjectNode) resource.getValue().get("Properties"))
            .set("DBInstanceIdentifier", identifierFromStackId());
        applied.add(DB_INSTANCE_IDENTIFIER);
      }
    }
    JsonNode rewritten = rewriteAttributes(template, applied);
    try {
      return new Result(JSON.writeValueAsString(rewritten), applied);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code db-<uuid>} of {@code arn:...:stack/<name>/<uuid>}: letters, digits, single hyphens. */
  private static ObjectNode identifierFromStackId() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayNode split = f.arrayNode().add("/").add(f.objectNode().put("Ref", "AWS::StackId"));
    ArrayNode select = f.arrayNode().add(2).add(f.objectNode().set("Fn::Split", split));
    ArrayNode join =
        f.arrayNode()
            .add("")
            .add(f.arrayNode().add("db-").add(f.objectNode().set("Fn::Select", select)));
    return f.objectNode().set("Fn::Join", join);
  }

  private static ObjectNode ssmStandIn(String logicalId) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode properties = f.objectNode();
    properties.set("Name", f.objectNode().put("Fn::Sub", "${AWS::StackName}-" + logicalId));
    properties.put("Type", "String");
    properties.put("Value", "moto stand-in for the secret " + logicalId + " (no secret value)");
    ObjectNode resource = f.objectNode();
    resource.put("Type", "AWS::SSM::Parameter");
    resource.set("Properties", properties);
    return resource;
  }

  private static JsonNode rewriteAttributes(JsonNode node, Set<String> applied) {
    if (node.isObject()) {
      JsonNode getAtt = node.get("Fn::GetAtt");
      if (node.size() == 1 && getAtt != null && getAtt.isArray() && getAtt.size() == 2) {
        String resource = getAtt.get(0).asText();
        String attribute = getAtt.get(1).asText();
        if (attribute.equals("MasterUserSecret.SecretArn")) {
          applied.add(MASTER_SECRET_ARN);
          return JsonNodeFactory.instance
              .objectNode()
              .put(
                  "Fn::Sub",
                  "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:rds!${"
                      + resource
                      + "}");
        }
        if (attribute.equals("TargetGroupFullName")) {
          applied.add(TARGET_GROUP_FULL_NAME);
          return TextNode.valueOf("targetgroup/moto-placeholder/" + resource);
        }
      }
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.fields()
          .forEachRemaining(e -> copy.set(e.getKey(), rewriteAttributes(e.getValue(), applied)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(rewriteAttributes(element, applied)));
      return copy;
    }
    return node;
  }

  /** Every rewrite this adapter knows, for documentation and tests. */
  public static List<String> rewrites() {
    return List.of(
        SECRET_STAND_IN, MASTER_SECRET_ARN, TARGET_GROUP_FULL_NAME, DB_INSTANCE_IDENTIFIER);
  }
}
