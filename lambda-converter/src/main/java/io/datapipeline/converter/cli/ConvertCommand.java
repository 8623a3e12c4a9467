package io.datapipeline.converter.cli;

import io.datapipeline.converter.core.BadInputException;
import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaException;
import io.datapipeline.converter.schema.SchemaLoader;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.FileOutput;
import io.datapipeline.converter.sink.JsonLinesSink;
import io.datapipeline.converter.sink.ParquetSink;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convert}: one CSV file through the same core and sinks the Lambda uses. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Converts one CSV file per a schema (the JSON shape of spec.schema) and prints",
      "rows=<loaded> rejected=<rejected>. Exit code 1 when the file cannot be converted."
    })
public final class ConvertCommand implements Callable<Integer> {

  @Option(names = "--schema", required = true, description = "Schema JSON file (spec.schema).")
  Path schemaFile;

  @Option(names = "--input", required = true, description = "CSV file to convert.")
  Path input;

  @Option(names = "--parquet", description = "Parquet file to write.")
  Path parquet;

  @Option(names = "--json", description = "JSON Lines file to write.")
  Path json;

  @Option(
      names = "--rejects",
      description = "CSV of rejected rows (line,reason,record). Default: <input>.rejected.csv")
  Path rejects;

  @Option(
      names = "--compression",
      defaultValue = "SNAPPY",
      description = "Parquet compression: SNAPPY (default), ZSTD or UNCOMPRESSED.")
  CompressionCodecName compression;

  @Option(names = "--jdbc-url", description = "PostgreSQL to load, e.g. jdbc:postgresql://h/db")
  String jdbcUrl;

  @Option(names = "--jdbc-user", description = "PostgreSQL user (default: $PGUSER).")
  String jdbcUser;

  @Option(names = "--table", description = "PostgreSQL table (created when absent).")
  String table;

  @Option(names = "--dynamodb-endpoint", description = "DynamoDB endpoint URL (e.g. moto).")
  String dynamoDbEndpoint;

  @Option(names = "--dynamodb-table", description = "DynamoDB table to write items to.")
  String dynamoDbTable;

  @Option(names = "--region", defaultValue = "us-east-1", description = "AWS region.")
  String region;

  @Override
  public Integer call() throws Exception {
    Schema schema;
    try {
      schema = SchemaLoader.read(schemaFile);
    } catch (SchemaException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    Path rejectsFile =
        rejects != null ? rejects : input.resolveSibling(input.getFileName() + ".rejected.csv");
    List<RowSink> sinks = new ArrayList<>();
    CsvRejectSink rejectSink = new CsvRejectSink(() -> new FileOutput(rejectsFile));
    try (LocalTargets targets =
        LocalTargets.open(jdbcUrl, jdbcUser, table, dynamoDbEndpoint, dynamoDbTable, region)) {
      if (parquet != null) {
        sinks.add(new ParquetSink(schema, new FileOutput(parquet), compression));
      }
      if (json != null) {
        sinks.add(new JsonLinesSink(schema, new FileOutput(json)));
      }
      sinks.addAll(targets.sinks(schema, input.toString()));
      ConversionResult result;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16)) {
        result = new CsvConverter(schema).convert(in, sinks, rejectSink);
        Sinks.finishAll(sinks, rejectSink);
      } catch (BadInputException e) {
        Sinks.abortAll(sinks, rejectSink);
        System.err.println("error: " + input + ": " + e.getMessage());
        return 1;
      } catch (Exception e) {
        Sinks.abortAll(sinks, rejectSink);
        throw e;
      }
      System.out.println(result.summary());
      if (rejectSink.location() != null) {
        System.err.println("rejected rows: " + rejectSink.location());
      }
      return 0;
    }
  }
}
