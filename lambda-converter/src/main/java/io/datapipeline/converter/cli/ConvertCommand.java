package io.datapipeline.converter.cli;

import io.datapipeline.converter.core.BadInputException;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.load.AuditTrail;
import io.datapipeline.converter.load.Destinations;
import io.datapipeline.converter.load.FileConversion;
import io.datapipeline.converter.load.FileTargets;
import io.datapipeline.converter.load.LoadMetrics;
import io.datapipeline.converter.load.LoadOutcome;
import io.datapipeline.converter.load.PermanentFailureException;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaException;
import io.datapipeline.converter.schema.SchemaLoader;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.FileOutput;
import io.datapipeline.converter.sink.JsonLinesSink;
import io.datapipeline.converter.sink.OffThreadSink;
import io.datapipeline.converter.sink.ParquetSink;
import java.io.BufferedInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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

  @Option(
      names = "--timings",
      hidden = true,
      description = "Print first_row_epoch_ms=<ms> on stderr (bench/converter.sh).")
  boolean timings;

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
    CsvRejectSink rejectSink = new CsvRejectSink(() -> new FileOutput(rejectsFile));
    try (LocalTargets targets =
        LocalTargets.open(jdbcUrl, jdbcUser, table, dynamoDbEndpoint, dynamoDbTable, region)) {
      SourceFile source =
          new SourceFile(
              null,
              input.toString(),
              "local-" + Instant.now(),
              null,
              Files.exists(input) ? Files.size(input) : 0,
              Instant.now(),
              null);
      LoadOutcome outcome;
      try {
        outcome =
            new FileConversion(AuditTrail.NONE, LoadMetrics.NONE, Clock.systemUTC())
                .load(
                    source,
                    () -> schema,
                    destinations(targets, rejectSink),
                    () -> new BufferedInputStream(Files.newInputStream(input), 1 << 16));
      } catch (BadInputException | PermanentFailureException e) {
        // A file that can never load as it is: the message names the line and field.
        System.err.println("error: " + input + ": " + e.getMessage());
        return 1;
      }
      System.out.println(outcome.result().summary());
      if (rejectSink.location() != null) {
        System.err.println("rejected rows: " + rejectSink.location());
      }
      return 0;
    }
  }

  /** The files the flags name, then the optional DynamoDB table and PostgreSQL table. */
  private Destinations destinations(LocalTargets targets, CsvRejectSink rejectSink) {
    return new Destinations() {
      @Override
      public void prepare(Schema schema) throws Exception {
        targets.prepare(schema);
      }

      @Override
      public FileTargets open(
          SourceFile source, Schema schema, Instant started, Supplier<AuditEntry> successAudit)
          throws Exception {
        List<RowSink> sinks = new ArrayList<>();
        try {
          if (timings) {
            sinks.add(new FirstRowClock()); // first: it sees the batch before the encoders
          }
          if (parquet != null) {
            sinks.add(
                OffThreadSink.onSpareCore(
                    new ParquetSink(schema, new FileOutput(parquet), compression),
                    "parquet-encoder"));
          }
          if (json != null) {
            sinks.add(
                OffThreadSink.onSpareCore(
                    new JsonLinesSink(schema, new FileOutput(json)), "json-encoder"));
          }
          sinks.addAll(targets.sinks(schema, source, started));
        } catch (Exception e) {
          sinks.forEach(RowSink::abort);
          throw e;
        }
        return FileTargets.of(sinks, rejectSink);
      }
    };
  }
}
