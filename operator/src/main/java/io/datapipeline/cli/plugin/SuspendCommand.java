package io.datapipeline.cli.plugin;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubectl datapipeline suspend|resume NAME}: sets {@code spec.suspend}. */
public abstract class SuspendCommand extends PipelineCommand {

  abstract boolean suspend();

  @Override
  void run(KubernetesClient client, DataPipeline pipeline, PrintWriter out) throws Exception {
    edit(client, pipeline, p -> p.getSpec().suspend = suspend());
    if (options.json()) {
      out.println(JSON.writeValueAsString(Map.of("name", name, "suspend", suspend())));
    } else {
      out.println("datapipeline.datapipeline.io/" + name + (suspend() ? " suspended" : " resumed"));
    }
  }

  /** {@code suspend NAME}: no AWS calls for this pipeline until resumed. */
  @Command(
      name = "suspend",
      mixinStandardHelpOptions = true,
      description = "Suspend a pipeline: the operator makes no AWS calls for it.")
  public static final class Suspend extends SuspendCommand {
    @Override
    boolean suspend() {
      return true;
    }
  }

  /** {@code resume NAME}. */
  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume a suspended pipeline.")
  public static final class Resume extends SuspendCommand {
    @Override
    boolean suspend() {
      return false;
    }
  }
}
