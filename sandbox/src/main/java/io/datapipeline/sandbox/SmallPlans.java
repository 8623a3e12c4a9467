package io.datapipeline.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.render.StackOutput;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.util.Iterator;
import java.util.Map;

/**
 * BENCHMARK ONLY ({@code bench/operator-scale.sh} with {@code PLANS=small}): the product's plan
 * with each stack's resources replaced by one SSM parameter, so that moto holds thousands of
 * pipelines while the operator does all of its own work: the same stacks, names, tags, parameters,
 * outputs and dependency order, change sets, observation and status. Measures the operator, not
 * moto's speed at creating Lambda functions and databases.
 *
 * <p>Outputs keep their keys; their values are the parameter a template passed straight through
 * ({@code Ref} of a parameter), or a literal shaped like the real one (an ARN for {@code *Arn}, the
 * stand-in PostgreSQL's port for {@code DatabasePort}, a name otherwise).
 */
final class SmallPlans {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SmallPlans() {}

  static StackPlan shrink(StackPlan plan, int postgresPort) {
    return plan.withEachStack(stack -> stack.withTemplateBody(shrink(stack, postgresPort)));
  }

  private static String shrink(StackSpec stack, int postgresPort) {
    try {
      JsonNode template = JSON.readTree(stack.templateBody());
      ObjectNode small = JSON.createObjectNode();
      small.put("AWSTemplateFormatVersion", "2010-09-09");
      if (template.has("Parameters")) {
        small.set("Parameters", template.get("Parameters"));
      }
      ObjectNode marker =
          small.putObject("Resources").putObject("Marker").put("Type", "AWS::SSM::Parameter");
      marker
          .putObject("Properties")
          .put("Name", "/datapipeline-small/" + stack.stackName())
          .put("Type", "String")
          .put("Value", stack.component().id());
      ObjectNode outputs = small.putObject("Outputs");
      for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Outputs").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> output = it.next();
        outputs
            .putObject(output.getKey())
            .set("Value", value(stack, template, output, postgresPort));
      }
      return JSON.writeValueAsString(small);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          stack.stackName() + ": not a JSON template: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode value(
      StackSpec stack, JsonNode template, Map.Entry<String, JsonNode> output, int postgresPort) {
    JsonNode original = output.getValue().path("Value");
    String ref = original.path("Ref").asText("");
    if (!ref.isEmpty() && template.path("Parameters").has(ref)) {
      return original;
    }
    String key = output.getKey();
    String literal;
    if (key.equals(StackOutput.DATABASE_PORT.key())) {
      literal = String.valueOf(postgresPort);
    } else if (key.endsWith("Arn")) {
      literal = "arn:aws:small:eu-west-1:123456789012:" + stack.stackName() + "/" + key;
    } else {
      literal = (stack.stackName() + "-" + key).toLowerCase();
    }
    return JSON.getNodeFactory().textNode(literal);
  }
}
