package io.datapipeline.converter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar lambda-converter.jar convert|infer ...}: the converter's core, locally. */
@Command(
    name = "lambda-converter",
    mixinStandardHelpOptions = true,
    description = "Converts CSV files the way the DataPipeline Lambda does, on this machine.",
    subcommands = {ConvertCommand.class, InferCommand.class})
public final class ConverterCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    ConvertCommand plain = ConvertArguments.parse(args);
    if (plain == null) {
      return new CommandLine(new ConverterCli()).execute(args);
    }
    try {
      return plain.call();
    } catch (Exception e) {
      e.printStackTrace(); // as picocli's execute reports what a command throws, with exit code 1
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
