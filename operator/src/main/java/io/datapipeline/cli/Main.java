package io.datapipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator jar's entry point: `run` (the operator) and the other subcommands. */
@Command(
    name = "datapipeline-operator",
    mixinStandardHelpOptions = true,
    subcommands = {RunCommand.class},
    description = "The DataPipeline operator and its tools.")
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
