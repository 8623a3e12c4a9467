package io.datapipeline.converter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link ConvertArguments} reads the plain {@code convert} lines without picocli: every line it
 * accepts must set the command's fields exactly as picocli's parsing of the same line does, and
 * everything it cannot be sure of goes to picocli.
 */
class ConvertArgumentsTest {

  private static final List<List<String>> ACCEPTED =
      List.of(
          List.of("convert", "--schema", "s.json", "--input", "in.csv"),
          List.of(
              "convert",
              "--timings",
              "--schema",
              "s.json",
              "--input",
              "in.csv",
              "--parquet",
              "o.parquet",
              "--json",
              "o.jsonl",
              "--rejects",
              "r.csv"),
          List.of(
              "convert",
              "--input",
              "dir/in.csv",
              "--schema",
              "/abs/s.json",
              "--compression",
              "ZSTD",
              "--jdbc-url",
              "jdbc:postgresql://localhost/db",
              "--jdbc-user",
              "me",
              "--table",
              "orders",
              "--dynamodb-endpoint",
              "http://localhost:5000",
              "--dynamodb-table",
              "items",
              "--region",
              "eu-west-1",
              "--timings"),
          List.of(
              "convert",
              "--schema",
              "s.json",
              "--input",
              "in.csv",
              "--compression",
              "UNCOMPRESSED"));

  private static final List<List<String>> LEFT_TO_PICOCLI =
      List.of(
          List.of(),
          List.of("infer", "--input", "in.csv"),
          List.of("convert"),
          List.of("convert", "--help"),
          List.of("convert", "-h"),
          List.of("convert", "--schema", "s.json"), // --input is required
          List.of("convert", "--schema=s.json", "--input", "in.csv"),
          List.of("convert", "--schema", "s.json", "--input", "in.csv", "--input", "b.csv"),
          List.of("convert", "--schema", "s.json", "--input", "in.csv", "--compression", "snappy"),
          List.of("convert", "--schema", "s.json", "--input", "in.csv", "--unknown", "x"),
          List.of("convert", "--schema", "s.json", "--input", "in.csv", "extra"),
          List.of("convert", "--schema", "s.json", "--input", "-"),
          List.of("convert", "--schema", "s.json", "--input", "in.csv", "--timings", "true"),
          List.of("convert", "--schema", "s.json", "--input"));

  @Test
  void readsEveryAcceptedLineAsPicocliDoes() {
    for (List<String> line : ACCEPTED) {
      String[] args = line.toArray(String[]::new);
      ConvertCommand ours = ConvertArguments.parse(args);
      assertThat(ours).as(String.join(" ", line)).isNotNull();
      assertThat(fields(ours)).as(String.join(" ", line)).isEqualTo(fields(picocli(args)));
    }
  }

  @Test
  void leavesEveryOtherLineToPicocli() {
    for (List<String> line : LEFT_TO_PICOCLI) {
      assertThat(ConvertArguments.parse(line.toArray(String[]::new)))
          .as(String.join(" ", line))
          .isNull();
    }
  }

  private static ConvertCommand picocli(String[] args) {
    CommandLine.ParseResult parsed = new CommandLine(new ConverterCli()).parseArgs(args);
    return (ConvertCommand) parsed.subcommand().commandSpec().userObject();
  }

  private static List<Object> fields(ConvertCommand c) {
    return java.util.Arrays.asList(
        c.schemaFile,
        c.input,
        c.parquet,
        c.json,
        c.rejects,
        c.compression,
        c.jdbcUrl,
        c.jdbcUser,
        c.table,
        c.dynamoDbEndpoint,
        c.dynamoDbTable,
        c.region,
        c.timings);
  }
}
