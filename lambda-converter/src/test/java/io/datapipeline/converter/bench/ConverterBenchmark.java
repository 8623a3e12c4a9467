package io.datapipeline.converter.bench;

import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.dynamodb.DynamoDbSink;
import io.datapipeline.converter.postgres.PostgresCopySink;
import io.datapipeline.converter.postgres.PostgresTables;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import io.datapipeline.converter.sink.AvroParquetSink;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.FileOutput;
import io.datapipeline.converter.sink.JsonLinesSink;
import io.datapipeline.converter.sink.OffThreadSink;
import io.datapipeline.converter.sink.ParquetSink;
import io.datapipeline.standins.MotoServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.postgresql.PGConnection;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The converter benchmark (a documented command, not a test): on one generated CSV, our CSV ->
 * Parquet (+ JSON Lines in the same pass) against DuckDB's CSV -> Parquet at the same thread count,
 * our PostgreSQL load against a plain COPY of the same file, and DynamoDB items/s against moto. See
 * lambda-converter/README.md for the command; results go to docs/benchmarks.md.
 *
 * <p>Arguments: [rows (1000000)] [runs (3)] [dynamodb rows (20000)] [sections: all (default) or
 * parquet (skips PostgreSQL and DynamoDB)].
 */
public final class ConverterBenchmark {

  private static final String DUCKDB_COLUMNS =
      "{'order_id': 'VARCHAR', 'customer': 'VARCHAR', 'amount': 'DECIMAL(12,2)',"
          + " 'quantity': 'BIGINT', 'price': 'DOUBLE', 'paid': 'BOOLEAN', 'order_day': 'DATE',"
          + " 'ordered_at': 'TIMESTAMPTZ'}";

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int dynamoRows = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    Path dir = Files.createTempDirectory("converter-bench");
    Path csv = dir.resolve("orders.csv");
    long bytes = OrdersCsv.write(csv, rows, 0);
    Schema schema;
    try (InputStream in =
        ConverterBenchmark.class.getResourceAsStream("/bench/orders.schema.json")) {
      schema = SchemaLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    System.out.printf(
        Locale.ROOT,
        "input: %,d rows, %.1f MB, 8 columns; JVM %s; %d cores%n",
        rows,
        bytes / 1e6,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());

    for (OurCase c : OUR_CASES) {
      report(c.label(), rows, time(runs, () -> ours(schema, csv, dir, c.parquet(), c.json())));
    }
    for (int threads : new int[] {1, 2}) {
      report(
          "DuckDB: COPY (read_csv) TO parquet (SNAPPY), threads=" + threads,
          rows,
          time(runs, () -> duckDb(csv, dir, threads)));
    }
    if (args.length < 4 || args[3].equals("all")) {
      postgres(schema, csv, rows, runs);
      dynamoDb(schema, dir, dynamoRows);
    }
  }

  /** Which Parquet writer a case uses. */
  private enum Writer {
    NONE,
    INLINE,
    OFF_THREAD,
    PARQUET_AVRO
  }

  /** One run of our converter: its Parquet writer and whether it writes JSON Lines too. */
  private record OurCase(String label, Writer parquet, boolean json) {}

  private static final List<OurCase> OUR_CASES =
      List.of(
          new OurCase("ours: CSV -> Parquet (SNAPPY) + JSON Lines, 1 thread", Writer.INLINE, true),
          new OurCase(
              "ours: CSV -> Parquet (SNAPPY) + JSON Lines, Parquet on its own thread (2 threads)",
              Writer.OFF_THREAD,
              true),
          new OurCase("ours: CSV -> Parquet (SNAPPY) only, 1 thread", Writer.INLINE, false),
          new OurCase(
              "previous writer (parquet-avro, before issue 16): CSV -> Parquet (SNAPPY) only, 1 thread",
              Writer.PARQUET_AVRO,
              false),
          new OurCase("ours: CSV -> JSON Lines only, 1 thread", Writer.NONE, true),
          new OurCase(
              "ours: CSV -> typed rows only (parse + convert), 1 thread", Writer.NONE, false));

  private static void ours(Schema schema, Path csv, Path dir, Writer parquet, boolean json)
      throws Exception {
    List<RowSink> sinks = new ArrayList<>();
    Path out = dir.resolve("ours.parquet");
    switch (parquet) {
      case NONE -> {}
      case INLINE ->
          sinks.add(new ParquetSink(schema, new FileOutput(out), CompressionCodecName.SNAPPY));
      case OFF_THREAD ->
          sinks.add(
              OffThreadSink.onSpareCore(
                  new ParquetSink(schema, new FileOutput(out), CompressionCodecName.SNAPPY),
                  "parquet-encoder"));
      case PARQUET_AVRO ->
          sinks.add(new AvroParquetSink(schema, new FileOutput(out), CompressionCodecName.SNAPPY));
    }
    if (json) {
      sinks.add(new JsonLinesSink(schema, new FileOutput(dir.resolve("ours.jsonl"))));
    }
    CsvRejectSink rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve("rejects.csv")));
    try (InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
      ConversionResult result = new CsvConverter(schema).convert(in, sinks, rejects);
      if (result.rowsRejected() != 0) {
        throw new IllegalStateException("unexpected rejects: " + result.rowsRejected());
      }
    }
    Sinks.finishAll(sinks, rejects);
  }

  private static void duckDb(Path csv, Path dir, int threads) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute(
          "COPY (SELECT * FROM read_csv('"
              + csv
              + "', header = true, columns = "
              + DUCKDB_COLUMNS
              + ", timestampformat = '%Y-%m-%d %H:%M:%S')) TO '"
              + dir.resolve("duck.parquet")
              + "' (FORMAT parquet, COMPRESSION snappy)");
    }
  }

  private static void postgres(Schema schema, Path csv, long rows, int runs) throws Exception {
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder().setServerConfig("max_wal_size", "4GB").start()) {
      String plainDdl =
          PostgresTables.createTable(schema, "plain")
              .replace(
                  ", _dp_source_key text NOT NULL, _dp_source_version text NOT NULL,"
                      + " _dp_line bigint NOT NULL, _dp_loaded_at timestamptz NOT NULL",
                  "");
      report(
          "PostgreSQL: plain COPY FROM STDIN (FORMAT csv) of the file into a typed table with the PK",
          rows,
          timeOnADroppedTable(
              pg,
              "plain",
              runs,
              (c, s) -> {
                s.execute(plainDdl);
                try (Reader in = Files.newBufferedReader(csv)) {
                  c.unwrap(PGConnection.class)
                      .getCopyAPI()
                      .copyIn("COPY plain FROM STDIN (FORMAT csv, HEADER true)", in);
                }
              }));
      report(
          "PostgreSQL: ours (binary COPY to staging + upsert, lineage, one transaction)",
          rows,
          timeOnADroppedTable(
              pg,
              "orders",
              runs,
              (c, s) -> {
                PostgresTables.ensure(c, schema, "orders");
                List<RowSink> sinks =
                    List.of(
                        new PostgresCopySink(
                            c,
                            schema,
                            "orders",
                            new PostgresCopySink.Lineage("bench.csv", "v1", Instant.now()),
                            x -> {},
                            DroppedKeys.NONE,
                            PostgresCopySink.Staging.ON_KEY_CONFLICT));
                CsvRejectSink rejects =
                    new CsvRejectSink(
                        () -> {
                          throw new IllegalStateException("no rejects expected");
                        });
                try (InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
                  new CsvConverter(schema).convert(in, sinks, rejects);
                }
                Sinks.finishAll(sinks, rejects);
              }));
    }
  }

  private interface Load {
    void run(Connection connection, Statement statement) throws Exception;
  }

  /** {@link #time} of {@code load}, each run on a new connection after dropping {@code table}. */
  private static double[] timeOnADroppedTable(
      EmbeddedPostgres pg, String table, int runs, Load load) throws Exception {
    return time(
        runs,
        () -> {
          try (Connection c = pg.getPostgresDatabase().getConnection();
              Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            load.run(c, s);
          }
        });
  }

  private static void dynamoDb(Schema schema, Path dir, int rows) throws Exception {
    Path small = dir.resolve("dynamo.csv");
    OrdersCsv.write(small, rows, 0);
    try (MotoServer moto = MotoServer.start();
        DynamoDbClient dynamo =
            DynamoDbClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
      dynamo.createTable(
          b ->
              b.tableName("orders")
                  .billingMode("PAY_PER_REQUEST")
                  .keySchema(k -> k.attributeName("order_id").keyType(KeyType.HASH))
                  .attributeDefinitions(
                      a -> a.attributeName("order_id").attributeType(ScalarAttributeType.S)));
      report(
          "DynamoDB (moto_server): BatchWriteItem, adaptive concurrency up to 32",
          rows,
          time(
              1,
              () -> {
                List<RowSink> sinks =
                    List.of(new DynamoDbSink(dynamo, "orders", schema, "bench.csv", "v1", 32));
                CsvRejectSink rejects =
                    new CsvRejectSink(
                        () -> {
                          throw new IllegalStateException("no rejects expected");
                        });
                try (InputStream in = Files.newInputStream(small)) {
                  new CsvConverter(schema).convert(in, sinks, rejects);
                }
                Sinks.finishAll(sinks, rejects);
              }));
    }
  }

  private interface Run {
    void run() throws Exception;
  }

  /** One warm-up, then {@code runs} timed runs; returns the seconds of each. */
  private static double[] time(int runs, Run run) throws Exception {
    run.run();
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      run.run();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    return seconds;
  }

  private static void report(String what, long rows, double[] seconds) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    System.out.printf(
        Locale.ROOT,
        "| %s | %.2f s | %.2f s | %.3f M rows/s |%n",
        what,
        sorted[0],
        median,
        rows / median / 1e6);
  }
}
