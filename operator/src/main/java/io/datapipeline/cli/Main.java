package io.datapipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code datapipeline-operator.jar}: one subcommand per job. */
@Command(
    name = "datapipeline-operator",
    mixinStandardHelpOptions = true,
    description = "The DataPipeline operator and its tools.",
    subcommands = {RenderCommand.class, RunCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }
}
