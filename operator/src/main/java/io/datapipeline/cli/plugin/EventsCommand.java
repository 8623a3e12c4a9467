package io.datapipeline.cli.plugin;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubectl datapipeline events NAME}: the operator's Events on a pipeline, oldest first. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "List the Events the operator published on a pipeline.")
public final class EventsCommand extends PipelineCommand {

  @Override
  void run(KubernetesClient client, DataPipeline pipeline, PrintWriter out) throws Exception {
    List<Event> events =
        new ArrayList<>(
            client
                .v1()
                .events()
                .inNamespace(pipeline.getMetadata().getNamespace())
                .withField("involvedObject.kind", "DataPipeline")
                .withField("involvedObject.name", name)
                .list()
                .getItems());
    events.sort(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())));
    if (options.json()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Event event : events) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("lastTimestamp", event.getLastTimestamp());
        row.put("type", event.getType());
        row.put("reason", event.getReason());
        row.put("message", event.getMessage());
        row.put("count", event.getCount());
        rows.add(row);
      }
      out.println(JSON.writeValueAsString(rows));
    } else {
      Terminal terminal = Terminal.of(out);
      List<List<String>> rows = new ArrayList<>();
      for (Event event : events) {
        rows.add(
            List.of(
                String.valueOf(event.getLastTimestamp()),
                "Warning".equals(event.getType())
                    ? terminal.state("FAILED").replace("FAILED", "Warning")
                    : event.getType(),
                StatusCommand.nullToEmpty(event.getReason()),
                StatusCommand.nullToEmpty(event.getMessage())));
      }
      terminal.table(
          List.of("LAST SEEN", "TYPE", "REASON", "MESSAGE"), rows, "No events on " + name + ".");
    }
  }
}
