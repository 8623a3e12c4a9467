package io.datapipeline.cli.plugin;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubectl datapipeline suspend|resume NAME}: sets {@code spec.suspend}. */
public abstract class SuspendCommand implements Callable<Integer> {

  @Mixin PluginOptions options;

  @Parameters(index = "0", description = "The DataPipeline's name.")
  String name;

  @Spec CommandSpec spec;

  abstract boolean suspend();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = options.client()) {
      DataPipeline pipeline = options.pipeline(client, name);
      client
          .resources(DataPipeline.class)
          .inNamespace(pipeline.getMetadata().getNamespace())
          .withName(name)
          .edit(
              p -> {
                p.getSpec().suspend = suspend();
                return p;
              });
      if (options.json()) {
        out.println(
            StatusCommand.JSON.writeValueAsString(Map.of("name", name, "suspend", suspend())));
      } else {
        out.println(
            "datapipeline.datapipeline.io/" + name + (suspend() ? " suspended" : " resumed"));
      }
      out.flush();
      return 0;
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
