package io.datapipeline.converter.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The plain {@code convert --option value ...} command lines read without picocli. Building
 * picocli's model of the commands (reflection over both subcommands' annotated fields, the help
 * mixins) cost about 140 ms of CPU (with AppCDS) before the first row of every {@code convert},
 * more than reading the schema ({@code bench/converter-startup.sh}). Anything else (help, an
 * unknown or repeated option, {@code --option=value}, a missing required option, a value picocli
 * would refuse) is left to picocli, which then parses it with its usual messages; {@code
 * ConvertArgumentsTest} checks that both read every accepted line the same way.
 */
final class ConvertArguments {

  private ConvertArguments() {}

  /** The command {@code args} make, or null when picocli should read them. */
  static ConvertCommand parse(String[] args) {
    if (args.length < 1 || !args[0].equals("convert")) {
      return null;
    }
    ConvertCommand command = new ConvertCommand();
    command.compression = CompressionCodecName.SNAPPY; // the @Option defaults
    command.region = "us-east-1";
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String option = args[i];
      if (!seen.add(option)) {
        return null;
      }
      if (option.equals("--timings")) {
        command.timings = true;
        continue;
      }
      if (i + 1 == args.length || args[i + 1].startsWith("-")) {
        return null; // no value, or what may be an option: picocli decides
      }
      String value = args[++i];
      switch (option) {
        case "--schema" -> command.schemaFile = Path.of(value);
        case "--input" -> command.input = Path.of(value);
        case "--parquet" -> command.parquet = Path.of(value);
        case "--json" -> command.json = Path.of(value);
        case "--rejects" -> command.rejects = Path.of(value);
        case "--compression" -> {
          CompressionCodecName codec = codec(value);
          if (codec == null) {
            return null;
          }
          command.compression = codec;
        }
        case "--jdbc-url" -> command.jdbcUrl = value;
        case "--jdbc-user" -> command.jdbcUser = value;
        case "--table" -> command.table = value;
        case "--dynamodb-endpoint" -> command.dynamoDbEndpoint = value;
        case "--dynamodb-table" -> command.dynamoDbTable = value;
        case "--region" -> command.region = value;
        default -> {
          return null;
        }
      }
    }
    return command.schemaFile != null && command.input != null ? command : null;
  }

  private static CompressionCodecName codec(String value) {
    for (CompressionCodecName codec : CompressionCodecName.values()) {
      if (codec.name().equals(value)) {
        return codec;
      }
    }
    return null;
  }
}
