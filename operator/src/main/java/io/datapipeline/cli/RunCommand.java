package io.datapipeline.cli;

import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.app.Setting;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * `run`: the operator. Every setting comes from the environment or the same-named flag; the flags
 * are made from {@link OperatorConfig#SETTINGS}, so a new setting gets its flag without touching
 * this class.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    modelTransformer = RunCommand.SettingFlags.class,
    description = {
      "Runs the DataPipeline operator until SIGTERM.",
      "Each flag overrides the environment variable of the same name in UPPER_SNAKE case"
          + " (e.g. --poll-interval and POLL_INTERVAL)."
    })
public final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Adds one option per operator setting to the command's model. */
  static final class SettingFlags implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      for (Setting<?> setting : OperatorConfig.SETTINGS) {
        command.addOption(
            OptionSpec.builder(setting.flag())
                .type(String.class)
                .paramLabel("<" + setting.type().replace(" \\| ", "|") + ">")
                .description(
                    setting.description().replace("`", "")
                        + " ("
                        + setting.variable()
                        + (setting.defaultValue() == null ? "" : "; " + setting.defaultText())
                        + ")")
                .build());
      }
      return command;
    }
  }

  /** The environment, overridden by the flags given. */
  Map<String, String> settings(Map<String, String> environment) {
    Map<String, String> settings = new HashMap<>(environment);
    for (Setting<?> setting : OperatorConfig.SETTINGS) {
      String value = spec.findOption(setting.flag()).getValue();
      if (value != null) {
        settings.put(setting.variable(), value);
      }
    }
    return settings;
  }

  @Override
  public Integer call() throws InterruptedException {
    OperatorConfig config = OperatorConfig.from(settings(System.getenv()));
    Logging.configure(config.logFormat());
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorApp app = OperatorApp.start(config, client);
    app.awaitShutdown(client);
    return 0;
  }
}
