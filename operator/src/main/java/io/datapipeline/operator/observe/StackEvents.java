package io.datapipeline.operator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads what an EventBridge event says, from its JSON as EventBridge delivers it to SQS: the stack
 * a CloudFormation event is about ({@code detail.stack-id}, else the first of {@code resources}), a
 * drift detection's outcome, or the ECS cluster an ECS event is about.
 */
public final class StackEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String DRIFT_DETECTION = "CloudFormation Drift Detection Status Change";

  private StackEvents() {}

  /** The stack's name, or empty when the message is no CloudFormation stack event. */
  public static Optional<String> stackName(String eventJson) {
    return read(eventJson).flatMap(StackEvents::cloudFormationStack);
  }

  /** What the event says, or empty when it is none the operator acts on (or no JSON at all). */
  public static Optional<ObservedEvent> parse(String eventJson) {
    Optional<JsonNode> read = read(eventJson);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    JsonNode event = read.get();
    String source = event.path("source").asText();
    if ("aws.ecs".equals(source)) {
      return ecsCluster(event).map(ObservedEvent.DashboardChanged::new);
    }
    Optional<String> stack = cloudFormationStack(event);
    if (stack.isEmpty()) {
      return Optional.empty();
    }
    JsonNode detail = event.path("detail");
    String detectionId = detail.path("stack-drift-detection-id").asText("");
    if (DRIFT_DETECTION.equals(event.path("detail-type").asText()) && !detectionId.isEmpty()) {
      JsonNode status = detail.path("status-details");
      return Optional.of(
          new ObservedEvent.DriftDetected(
              stack.get(),
              detectionId,
              status.path("detection-status").asText(""),
              status.path("stack-drift-status").asText("")));
    }
    return Optional.of(new ObservedEvent.StackChanged(stack.get(), time(event)));
  }

  /** The event's {@code time} (when the change happened), or null when absent or unreadable. */
  private static Instant time(JsonNode event) {
    try {
      return Instant.parse(event.path("time").asText(""));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Optional<JsonNode> read(String eventJson) {
    try {
      return Optional.ofNullable(JSON.readTree(eventJson));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> cloudFormationStack(JsonNode event) {
    if (!"aws.cloudformation".equals(event.path("source").asText())) {
      return Optional.empty();
    }
    String arn = event.path("detail").path("stack-id").asText("");
    if (arn.isEmpty()) {
      arn = firstResource(event);
    }
    return nameFromArn(arn);
  }

  /**
   * The cluster of an ECS event: {@code detail.clusterArn} (service action and task events), else
   * the cluster part of a {@code service/<cluster>/<service>} or {@code task/<cluster>/<id>}
   * resource ARN (deployment events).
   */
  static Optional<String> ecsCluster(JsonNode event) {
    String clusterArn = event.path("detail").path("clusterArn").asText("");
    int cluster = clusterArn.indexOf(":cluster/");
    if (cluster >= 0) {
      String name = clusterArn.substring(cluster + ":cluster/".length());
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
    String resource = firstResource(event);
    for (String kind : new String[] {":service/", ":task/"}) {
      int start = resource.indexOf(kind);
      if (start >= 0) {
        String rest = resource.substring(start + kind.length());
        int end = rest.indexOf('/');
        // The old ARN format (service/<name>) names no cluster.
        return end <= 0 ? Optional.empty() : Optional.of(rest.substring(0, end));
      }
    }
    return Optional.empty();
  }

  private static String firstResource(JsonNode event) {
    JsonNode resources = event.path("resources");
    return resources.isArray() && !resources.isEmpty() ? resources.get(0).asText("") : "";
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
