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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubectl datapipeline events NAME}: the operator's Events on a pipeline, oldest first. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "List the Events the operator published on a pipeline.")
public final class EventsCommand implements Callable<Integer> {

  @Mixin PluginOptions options;

  @Parameters(index = "0", description = "The DataPipeline's name.")
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = options.client()) {
      DataPipeline pipeline = options.pipeline(client, name);
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
        out.println(StatusCommand.JSON.writeValueAsString(rows));
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
        if (rows.isEmpty()) {
          terminal.line("No events on " + name + ".");
        } else {
          terminal.table(List.of("LAST SEEN", "TYPE", "REASON", "MESSAGE"), rows);
        }
      }
      out.flush();
      return 0;
    }
  }
}
