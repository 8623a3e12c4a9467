package io.datapipeline.cli.plugin;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl datapipeline approve NAME [CHANGESET]}: sets the annotation {@code
 * datapipeline.io/approve=<changeSetName>}, the pending change set's when none is named (refused
 * when several are pending: name one).
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = "Approve a pending change set (updatePolicy: Manual).")
public final class ApproveCommand extends PipelineCommand {

  public static final String ANNOTATION = "datapipeline.io/approve";

  @Parameters(
      index = "1",
      arity = "0..1",
      description = "The change set to approve (default: the one pending).")
  String changeSet;

  @Override
  void run(KubernetesClient client, DataPipeline pipeline, PrintWriter out) throws Exception {
    String approved = changeSet == null ? pendingChangeSet(pipeline) : changeSet;
    edit(client, pipeline, p -> p.getMetadata().getAnnotations().put(ANNOTATION, approved));
    if (options.json()) {
      out.println(JSON.writeValueAsString(Map.of("name", name, "approvedChangeSet", approved)));
    } else {
      out.println("datapipeline.datapipeline.io/" + name + " approved change set " + approved);
    }
  }

  static String pendingChangeSet(DataPipeline pipeline) {
    List<String> pending =
        pipeline.getStatus() == null
            ? List.of()
            : pipeline.getStatus().stacks.stream()
                .map((StackStatus s) -> s.pendingChangeSet == null ? null : s.pendingChangeSet.name)
                .filter(Objects::nonNull)
                .toList();
    if (pending.isEmpty()) {
      throw new IllegalArgumentException(
          "no change set is pending on " + pipeline.getMetadata().getName());
    }
    if (pending.size() > 1) {
      throw new IllegalArgumentException(
          "several change sets are pending on "
              + pipeline.getMetadata().getName()
              + ": "
              + String.join(", ", pending)
              + "; name the one to approve");
    }
    return pending.get(0);
  }
}
