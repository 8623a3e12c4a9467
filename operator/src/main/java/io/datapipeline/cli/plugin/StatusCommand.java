package io.datapipeline.cli.plugin;

import io.datapipeline.api.v1alpha1.DashboardStatus;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code kubectl datapipeline status NAME}: the pipeline at a glance: its conditions, every stack
 * with its status and first failing resource's reason, pending change sets, outputs, dashboard
 * tasks and data-path health.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a pipeline's conditions, stacks, change sets, outputs and dashboard.")
public final class StatusCommand extends PipelineCommand {

  @Override
  void run(KubernetesClient client, DataPipeline pipeline, PrintWriter out) throws Exception {
    if (options.json()) {
      out.println(JSON.writeValueAsString(summary(pipeline)));
    } else {
      print(pipeline, Terminal.of(out));
    }
  }

  /** What {@code -o json} prints: the status as stored, with the pipeline's identity. */
  static Map<String, Object> summary(DataPipeline pipeline) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", pipeline.getMetadata().getName());
    summary.put("namespace", pipeline.getMetadata().getNamespace());
    summary.put("generation", pipeline.getMetadata().getGeneration());
    summary.put(
        "suspended", pipeline.getSpec() != null && Boolean.TRUE.equals(pipeline.getSpec().suspend));
    summary.put("status", pipeline.getStatus());
    return summary;
  }

  static void print(DataPipeline pipeline, Terminal terminal) {
    DataPipelineStatus status =
        pipeline.getStatus() == null ? new DataPipelineStatus() : pipeline.getStatus();
    terminal.heading(
        "DataPipeline "
            + pipeline.getMetadata().getNamespace()
            + "/"
            + pipeline.getMetadata().getName()
            + "  (generation "
            + pipeline.getMetadata().getGeneration()
            + ", observed "
            + (status.observedGeneration == null ? "-" : status.observedGeneration)
            + ")");
    printConditions(status, terminal);
    printStacks(pipeline, status, terminal);
    if (status.outputs != null) {
      printOutputs(status, terminal);
    }
    if (status.dashboard != null) {
      printDashboard(status.dashboard, terminal);
    }
    terminal.flush();
  }

  private static void printConditions(DataPipelineStatus status, Terminal terminal) {
    terminal.section("Conditions");
    terminal.table(
        List.of("TYPE", "STATUS", "REASON", "MESSAGE"),
        status.conditions.stream()
            .map(
                c ->
                    List.of(
                        c.type,
                        terminal.state(c.status),
                        nullToEmpty(c.reason),
                        nullToEmpty(c.message)))
            .toList(),
        "  (none yet: the operator has not reported on this pipeline)");
  }

  /** The stacks, then a line with the approve command for each change set that waits. */
  private static void printStacks(
      DataPipeline pipeline, DataPipelineStatus status, Terminal terminal) {
    terminal.section("Stacks");
    terminal.table(
        List.of("COMPONENT", "STACK", "STATUS", "REASON"),
        status.stacks.stream()
            .map(
                stack ->
                    List.of(
                        nullToEmpty(stack.component),
                        nullToEmpty(stack.stackName),
                        terminal.state(nullToEmpty(stack.status)),
                        nullToEmpty(stack.reason)))
            .toList(),
        "  (none)");
    for (StackStatus stack : status.stacks) {
      if (stack.pendingChangeSet != null) {
        terminal.line(
            "  pending change set on "
                + stack.component
                + ": "
                + stack.pendingChangeSet.name
                + " ("
                + stack.pendingChangeSet.changes
                + " changes"
                + (stack.pendingChangeSet.replacements == null
                        || stack.pendingChangeSet.replacements.isEmpty()
                    ? ""
                    : ", replaces " + String.join(", ", stack.pendingChangeSet.replacements))
                + "): kubectl datapipeline approve "
                + pipeline.getMetadata().getName()
                + " "
                + stack.pendingChangeSet.name);
      }
    }
  }

  private static void printOutputs(DataPipelineStatus status, Terminal terminal) {
    terminal.section("Outputs");
    Map<String, Object> outputs = JSON.convertValue(status.outputs, Map.class);
    List<List<String>> rows = new ArrayList<>();
    outputs.forEach(
        (key, value) -> {
          if (value != null) {
            rows.add(List.of("  " + key, String.valueOf(value)));
          }
        });
    terminal.table(List.of("  OUTPUT", "VALUE"), rows);
  }

  private static void printDashboard(DashboardStatus dashboard, Terminal terminal) {
    terminal.section("Dashboard");
    terminal.line(
        "  tasks running " + dashboard.runningTasks + " of " + dashboard.desiredTasks + " desired");
    if (dashboard.lastScalingActivity != null) {
      var activity = dashboard.lastScalingActivity;
      terminal.line(
          "  last scaling "
              + activity.time
              + " "
              + terminal.state(activity.status)
              + ": "
              + activity.cause);
    }
  }

  static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
