package io.datapipeline.cli.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A {@code kubectl datapipeline} command on one named pipeline: the plugin's options, the
 * pipeline's name as the first argument, the pipeline read (or a clear error naming it) before the
 * command's own work, and what it printed flushed after.
 */
abstract class PipelineCommand implements Callable<Integer> {

  /** How {@code -o json} prints. */
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin PluginOptions options;

  @Parameters(index = "0", description = "The DataPipeline's name.")
  String name;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = options.client()) {
      run(client, options.pipeline(client, name), out);
      out.flush();
      return 0;
    }
  }

  /** The command's work on {@code pipeline}, as stored when the command started. */
  abstract void run(KubernetesClient client, DataPipeline pipeline, PrintWriter out)
      throws Exception;

  /** Changes the stored pipeline as {@code kubectl edit} would. */
  static void edit(KubernetesClient client, DataPipeline pipeline, Consumer<DataPipeline> change) {
    client
        .resources(DataPipeline.class)
        .inNamespace(pipeline.getMetadata().getNamespace())
        .withName(pipeline.getMetadata().getName())
        .edit(
            p -> {
              change.accept(p);
              return p;
            });
  }
}
