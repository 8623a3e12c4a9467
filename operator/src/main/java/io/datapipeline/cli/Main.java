package io.datapipeline.cli;

import io.datapipeline.cli.plugin.ApproveCommand;
import io.datapipeline.cli.plugin.EventsCommand;
import io.datapipeline.cli.plugin.StatusCommand;
import io.datapipeline.cli.plugin.SuspendCommand;
import io.datapipeline.cli.plugin.WhyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code datapipeline-operator.jar}: one subcommand per job. {@code
 * bin/kubectl-datapipeline} runs it as the kubectl plugin: {@code kubectl datapipeline status NAME}
 * is {@code status NAME} here.
 */
@Command(
    name = "datapipeline-operator",
    mixinStandardHelpOptions = true,
    description = "The DataPipeline operator and its tools.",
    subcommands = {
      RenderCommand.class,
      RunCommand.class,
      StatusCommand.class,
      WhyCommand.class,
      ApproveCommand.class,
      SuspendCommand.Suspend.class,
      SuspendCommand.Resume.class,
      EventsCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(
            (e, commandLine, parsed) -> {
              if (e instanceof IllegalArgumentException
                  && commandLine.getCommand().getClass().getPackageName().endsWith(".plugin")) {
                // A user's mistake (unknown pipeline, nothing to approve): the message, no trace.
                commandLine.getErr().println("error: " + e.getMessage());
                return 1;
              }
              throw e;
            })
        .execute(args);
  }
}
