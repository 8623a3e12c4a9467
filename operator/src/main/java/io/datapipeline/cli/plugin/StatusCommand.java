package io.datapipeline.cli.plugin;

import io.datapipeline.api.v1alpha1.Condition;
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
    terminal.line("");
    terminal.heading("Conditions");
    List<List<String>> conditions = new ArrayList<>();
    for (Condition condition : status.conditions) {
      conditions.add(
          List.of(
              condition.type,
              terminal.state(condition.status),
              nullToEmpty(condition.reason),
              nullToEmpty(condition.message)));
    }
    terminal.table(
        List.of("TYPE", "STATUS", "REASON", "MESSAGE"),
        conditions,
        "  (none yet: the operator has not reported on this pipeline)");
    terminal.line("");
    terminal.heading("Stacks");
    List<List<String>> stacks = new ArrayList<>();
    for (StackStatus stack : status.stacks) {
      stacks.add(
          List.of(
              nullToEmpty(stack.component),
              nullToEmpty(stack.stackName),
              terminal.state(nullToEmpty(stack.status)),
              nullToEmpty(stack.reason)));
    }
    terminal.table(List.of("COMPONENT", "STACK", "STATUS", "REASON"), stacks, "  (none)");
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
    if (status.outputs != null) {
      terminal.line("");
      terminal.heading("Outputs");
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
    if (status.dashboard != null) {
      terminal.line("");
      terminal.heading("Dashboard");
      terminal.line(
          "  tasks running "
              + status.dashboard.runningTasks
              + " of "
              + status.dashboard.desiredTasks
              + " desired");
      if (status.dashboard.lastScalingActivity != null) {
        var activity = status.dashboard.lastScalingActivity;
        terminal.line(
            "  last scaling "
                + activity.time
                + " "
                + terminal.state(activity.status)
                + ": "
                + activity.cause);
      }
    }
    terminal.flush();
  }

  static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
