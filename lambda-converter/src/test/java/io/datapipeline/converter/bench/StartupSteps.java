package io.datapipeline.converter.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.converter.cli.ConverterCli;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import io.datapipeline.converter.schema.SchemaValidator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The CPU of one start-up step of a conversion, run first in a new JVM (so it pays its class
 * loading and static initialisation, as a cold start does), on the calling thread ({@code
 * ThreadMXBean}): less disturbed by a loaded machine than wall time. {@code
 * bench/converter-startup.sh} runs each step in JVMs of its own and prints the medians.
 *
 * <p>{@code StartupSteps STEP SCHEMA_JSON} prints {@code STEP name=<step> cpu_ms=<n> wall_ms=<n>};
 * {@code all} runs every step in one JVM (the AppCDS training run). Steps: {@code schema} (the
 * converter's schema reader), {@code schema-databind} (jackson-databind's binding of the schema
 * records and the same validation: what read schemas up to session 5), {@code picocli} (picocli's
 * model of the CLI and its parse of a {@code convert} line, what every CLI start did up to session
 * 5), {@code parquet-footer} (the static initialisation of parquet's {@code ParquetMetadata}, which
 * every file's close needs).
 */
public final class StartupSteps {

  private static final String[] STEPS = {"schema", "schema-databind", "picocli", "parquet-footer"};

  private StartupSteps() {}

  public static void main(String[] args) throws Exception {
    String json = Files.readString(Path.of(args[1]));
    for (String step : args[0].equals("all") ? STEPS : new String[] {args[0]}) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      run(step, json);
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long wall = System.nanoTime() - wall0;
      System.out.printf("STEP name=%s cpu_ms=%.1f wall_ms=%.1f%n", step, cpu / 1e6, wall / 1e6);
    }
  }

  private static void run(String step, String json) throws Exception {
    switch (step) {
      case "schema" -> check(SchemaLoader.parse(json));
      case "schema-databind" ->
          check(
              SchemaValidator.validate(
                  new ObjectMapper()
                      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                      .readValue(json, Schema.class)));
      case "picocli" ->
          new CommandLine(new ConverterCli())
              .parseArgs(
                  "convert",
                  "--schema",
                  "s.json",
                  "--input",
                  "in.csv",
                  "--parquet",
                  "o.parquet",
                  "--json",
                  "o.jsonl",
                  "--rejects",
                  "r.csv",
                  "--timings");
      case "parquet-footer" ->
          Class.forName(
              "org.apache.parquet.hadoop.metadata.ParquetMetadata",
              true,
              StartupSteps.class.getClassLoader());
      default -> throw new IllegalArgumentException("unknown step " + step);
    }
  }

  private static void check(Schema schema) {
    if (schema.columns().isEmpty()) {
      throw new IllegalStateException("the schema read has no columns");
    }
  }
}
