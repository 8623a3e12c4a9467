package io.datapipeline.converter.cli;

import io.datapipeline.converter.core.SchemaInference;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code infer}: prints a schema guess to paste under {@code spec.schema}. */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = "Prints a schema guess (the JSON shape of spec.schema) for a CSV file.")
public final class InferCommand implements Callable<Integer> {

  @Option(names = "--input", required = true, description = "CSV file with a header line.")
  Path input;

  @Option(
      names = "--sample-rows",
      defaultValue = "100000",
      description = "Rows to look at (default 100000).")
  int sampleRows;

  @Override
  public Integer call() throws Exception {
    String firstLine;
    try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      firstLine = reader.readLine();
    }
    if (firstLine == null) {
      System.err.println("error: " + input + ": the file is empty");
      return 1;
    }
    try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      SchemaInference.Result inferred =
          new SchemaInference(sampleRows).inferExplained(reader, firstLine);
      System.out.println(SchemaLoader.toJson(inferred.schema()));
      System.err.println(inferred.keyDecision()); // never a silent guess
    }
    return 0;
  }
}
