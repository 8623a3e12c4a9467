package io.datapipeline.cli.plugin;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * {@code kubectl datapipeline why NAME}: the first thing that is wrong, in the order a user would
 * look: a failed stack and its failing CloudFormation events (read with the caller's AWS
 * credentials; {@code AWS_ENDPOINT_URL} is honoured), else the Ready condition's reason.
 */
@Command(
    name = "why",
    mixinStandardHelpOptions = true,
    description = "Explain why a pipeline is not Ready: the first failure and its stack events.")
public final class WhyCommand extends PipelineCommand {

  static final int EVENTS = 10;

  @Override
  void run(KubernetesClient client, DataPipeline pipeline, PrintWriter out) throws Exception {
    Map<String, Object> answer = explain(pipeline);
    if (options.json()) {
      out.println(JSON.writeValueAsString(answer));
    } else {
      Terminal terminal = Terminal.of(out);
      terminal.heading(String.valueOf(answer.get("summary")));
      if (answer.get("message") != null) {
        terminal.line("  " + answer.get("message"));
      }
      @SuppressWarnings("unchecked")
      List<Map<String, String>> events = (List<Map<String, String>>) answer.get("stackEvents");
      if (events != null && !events.isEmpty()) {
        terminal.section("Stack events of " + answer.get("stack"));
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, String> event : events) {
          rows.add(
              List.of(
                  event.get("time"),
                  event.get("resource"),
                  terminal.state(event.get("status")),
                  event.get("reason")));
        }
        terminal.table(List.of("TIME", "RESOURCE", "STATUS", "REASON"), rows);
      } else if (answer.get("stackEventsError") != null) {
        terminal.line("  (stack events not read: " + answer.get("stackEventsError") + ")");
      }
    }
  }

  static Map<String, Object> explain(DataPipeline pipeline) {
    Map<String, Object> answer = new LinkedHashMap<>();
    var status = pipeline.getStatus();
    Optional<Condition> ready =
        status == null
            ? Optional.empty()
            : status.conditions.stream().filter(c -> "Ready".equals(c.type)).findFirst();
    Optional<StackStatus> failed =
        status == null
            ? Optional.empty()
            : status.stacks.stream().filter(WhyCommand::isFailed).findFirst();
    if (failed.isPresent()) {
      StackStatus stack = failed.get();
      answer.put("summary", "stack " + stack.stackName + " is " + stack.status);
      answer.put("message", stack.reason);
      answer.put("stack", stack.stackName);
      try {
        answer.put("stackEvents", failingEvents(pipeline, stack.stackName));
      } catch (RuntimeException e) {
        answer.put("stackEventsError", e.getMessage());
      }
    } else if (ready.isPresent() && "True".equals(ready.get().status)) {
      answer.put("summary", "nothing is wrong: Ready (" + ready.get().reason + ")");
      answer.put("message", ready.get().message);
    } else if (ready.isPresent()) {
      answer.put("summary", "not Ready: " + ready.get().reason);
      answer.put("message", ready.get().message);
    } else {
      answer.put("summary", "no status yet: the operator has not reconciled this pipeline");
    }
    return answer;
  }

  static boolean isFailed(StackStatus stack) {
    String status = stack.status == null ? "" : stack.status.toUpperCase(Locale.ROOT);
    return status.contains("FAILED") || status.contains("ROLLBACK");
  }

  private static List<Map<String, String>> failingEvents(DataPipeline pipeline, String stackName) {
    String region =
        pipeline.getSpec() != null && pipeline.getSpec().aws != null
            ? pipeline.getSpec().aws.region
            : "us-east-1";
    var builder = CloudFormationClient.builder().region(Region.of(region));
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    try (CloudFormationClient cloudFormation = builder.build()) {
      List<Map<String, String>> events = new ArrayList<>();
      for (StackEvent event :
          cloudFormation.describeStackEvents(b -> b.stackName(stackName)).stackEvents()) {
        String status = event.resourceStatusAsString();
        if (status != null && status.contains("FAILED") && events.size() < EVENTS) {
          Map<String, String> row = new LinkedHashMap<>();
          row.put("time", String.valueOf(event.timestamp()));
          row.put("resource", event.logicalResourceId());
          row.put("status", status);
          row.put("reason", event.resourceStatusReason());
          events.add(row);
        }
      }
      return events;
    }
  }
}
