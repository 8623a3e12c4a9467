package io.datapipeline.converter.bench;

import com.sun.management.OperatingSystemMXBean;
import io.datapipeline.converter.NoRejects;
import io.datapipeline.converter.aws.ConverterRuntime;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.dynamodb.DynamoDbSink;
import io.datapipeline.converter.dynamodb.ItemWrites;
import io.datapipeline.converter.dynamodb.ThrottlingTableStandIn;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One run of {@code bench/dynamodb-sink.sh}: the orders CSV through the DynamoDB sink alone (parse,
 * type, BatchWriteItem with the adaptive concurrency), against moto_server or against {@link
 * ThrottlingTableStandIn} (a table serving {@code capacity} requests at once at a latency). Checks
 * every row became an item, then prints one line: {@code items=<n> seconds=<s> items_per_s=<x>
 * limit_final=<n> limit_highest=<n> throttles=<n>}.
 *
 * <p>Arguments: {@code <schema.json> <csv> <rows> <maxConcurrency> moto <endpoint>}, {@code
 * <schema.json> <csv> <rows> <maxConcurrency> standin <capacity> <minLatencyMs> <maxLatencyMs>} or
 * {@code <schema.json> <csv> <rows> <maxConcurrency> http <minLatencyMs> <maxLatencyMs>} (the SDK's
 * whole client against {@link DynamoDbHttpStandIn}; its CPU is the client's alone).
 */
public final class DynamoDbSinkRun {
  private DynamoDbSinkRun() {}

  /** The SDK's client as the Lambda builds it, at a local endpoint. */
  private static DynamoDbClient localClient(URI endpoint) {
    return DynamoDbClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint)
        .region(Region.EU_WEST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .build();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 6) {
      System.err.println(
          "usage: DynamoDbSinkRun <schema> <csv> <rows> <maxConcurrency> (moto <endpoint> |"
              + " standin <capacity> <minLatencyMs> <maxLatencyMs> | http <minLatencyMs>"
              + " <maxLatencyMs>)");
      System.exit(2);
    }
    Schema schema = SchemaLoader.parse(Files.readString(Path.of(args[0])));
    Path csv = Path.of(args[1]);
    long rows = Long.parseLong(args[2]);
    int maxConcurrency = Integer.parseInt(args[3]);
    ConverterRuntime.keepAliveConnections(maxConcurrency); // as the Lambda's wiring does
    String key = schema.primaryKey().get(0);

    ItemWrites writes;
    DynamoDbClient moto = null;
    ThrottlingTableStandIn standIn = null;
    DynamoDbHttpStandIn http = null;
    DynamoDbClient client = null;
    if (args[4].equals("moto")) {
      moto = localClient(URI.create(args[5]));
      moto.createTable(
          b ->
              b.tableName("orders")
                  .billingMode("PAY_PER_REQUEST")
                  .keySchema(k -> k.attributeName(key).keyType(KeyType.HASH))
                  .attributeDefinitions(
                      a -> a.attributeName(key).attributeType(ScalarAttributeType.N)));
      writes = ItemWrites.of(moto);
    } else if (args[4].equals("http") && args.length == 7) {
      http =
          new DynamoDbHttpStandIn(
              maxConcurrency + 4, Long.parseLong(args[5]) * 1000, Long.parseLong(args[6]) * 1000);
      client = localClient(http.endpoint());
      writes = ItemWrites.of(client);
    } else if (args[4].equals("standin") && args.length == 8) {
      standIn =
          ThrottlingTableStandIn.keysOnly(
              List.of(key),
              Integer.parseInt(args[5]),
              Long.parseLong(args[6]) * 1000,
              Long.parseLong(args[7]) * 1000);
      writes = standIn;
    } else {
      throw new IllegalArgumentException("unknown target: " + String.join(" ", args));
    }

    DynamoDbSink sink =
        new DynamoDbSink(writes, "orders", schema, "bench.csv", "v1", maxConcurrency);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long processCpuBefore = os.getProcessCpuTime();
    long readerCpuBefore = threads.getCurrentThreadCpuTime();
    long started = System.nanoTime();
    try (InputStream in = Files.newInputStream(csv)) {
      new CsvConverter(schema).convert(in, List.<RowSink>of(sink), new NoRejects());
    }
    long readerCpu = threads.getCurrentThreadCpuTime() - readerCpuBefore;
    sink.finish();
    double seconds = (System.nanoTime() - started) / 1e9;
    long processCpu = os.getProcessCpuTime() - processCpuBefore;

    long serverCpu = http == null ? 0 : http.serverCpuNanos();
    processCpu -= serverCpu; // the client's CPU, not the HTTP stand-in's
    long items =
        moto != null
            ? moto.describeTable(b -> b.tableName("orders")).table().itemCount()
            : http != null ? http.puts() : standIn.distinctKeys();
    if (items != rows) {
      throw new IllegalStateException("expected " + rows + " items in the table, found " + items);
    }
    if (standIn != null && standIn.mostPutsOfOneKey() != 1) {
      throw new IllegalStateException("an item was written more than once");
    }
    var stats = sink.concurrencyStats();
    // CPU per item: the whole process (parsing, items, the SDK's marshalling and signing, the
    // writers; with the stand-in also its bookkeeping), and the reading thread's share of it.
    System.out.printf(
        "items=%d seconds=%.3f items_per_s=%.0f limit_final=%d limit_highest=%d throttles=%d"
            + " cpu_s=%.3f cpu_us_per_item=%.2f reader_cpu_us_per_item=%.2f%n",
        items,
        seconds,
        items / seconds,
        stats.limit(),
        stats.highest(),
        stats.throttles(),
        processCpu / 1e9,
        processCpu / 1e3 / items,
        readerCpu / 1e3 / items);
    if (http != null) {
      http.close(); // its dispatcher thread would keep the JVM alive
    }
  }
}
