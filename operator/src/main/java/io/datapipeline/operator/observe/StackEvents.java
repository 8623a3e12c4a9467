package io.datapipeline.operator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the stack an EventBridge CloudFormation event is about ({@code detail.stack-id}, else the
 * first of {@code resources}), from the event JSON as EventBridge delivers it to SQS.
 */
public final class StackEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StackEvents() {}

  /** The stack's name, or empty when the message is no CloudFormation stack event. */
  public static Optional<String> stackName(String eventJson) {
    JsonNode event;
    try {
      event = JSON.readTree(eventJson);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (event == null || !"aws.cloudformation".equals(event.path("source").asText())) {
      return Optional.empty();
    }
    String arn = event.path("detail").path("stack-id").asText("");
    if (arn.isEmpty() && event.path("resources").isArray() && !event.path("resources").isEmpty()) {
      arn = event.path("resources").get(0).asText("");
    }
    return nameFromArn(arn);
  }

  /** {@code arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>} -> name. */
  static Optional<String> nameFromArn(String arn) {
    int start = arn.indexOf(":stack/");
    if (start < 0) {
      return Optional.empty();
    }
    String rest = arn.substring(start + ":stack/".length());
    int end = rest.indexOf('/');
    String name = end < 0 ? rest : rest.substring(0, end);
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }
}
