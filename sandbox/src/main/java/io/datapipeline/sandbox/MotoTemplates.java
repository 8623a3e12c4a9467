package io.datapipeline.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.render.StackOutput;
import io.datapipeline.render.StackPlan;
import io.datapipeline.standins.moto.MotoTemplateAdapter;

/**
 * SANDBOX ONLY: the operator's production plan with the few constructs moto 5.2.1 cannot deploy
 * rewritten by the shared {@link MotoTemplateAdapter} (the same rewrites the deployment tests use).
 * The sandbox creates the secrets the converter reads itself ({@link RdsStandIn}), and the database
 * stack's {@code DatabasePort} output names the stand-in PostgreSQL's port (moto reports 3306 for
 * every engine).
 */
final class MotoTemplates {

  private MotoTemplates() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static StackPlan adapt(StackPlan plan, int postgresPort) {
    return plan.withEachStack(
        stack ->
            stack.withTemplateBody(
                withDatabasePort(
                    MotoTemplateAdapter.adapt(stack.templateBody()).templateBody(), postgresPort)));
  }

  /** The template with its {@code DatabasePort} output (if any) set to the stand-in's port. */
  static String withDatabasePort(String templateBody, int port) {
    try {
      JsonNode template = JSON.readTree(templateBody);
      JsonNode output = template.path("Outputs").path(StackOutput.DATABASE_PORT.key());
      if (!(output instanceof ObjectNode portOutput)) {
        return templateBody;
      }
      portOutput.put("Value", String.valueOf(port));
      return JSON.writeValueAsString(template);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON template: " + e.getOriginalMessage(), e);
    }
  }
}
