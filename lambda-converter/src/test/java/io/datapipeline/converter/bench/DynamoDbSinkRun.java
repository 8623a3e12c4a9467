package io.datapipeline.converter.bench;

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
 * <p>Arguments: {@code <schema.json> <csv> <rows> <maxConcurrency> moto <endpoint>} or {@code
 * <schema.json> <csv> <rows> <maxConcurrency> standin <capacity> <minLatencyMs> <maxLatencyMs>}.
 */
public final class DynamoDbSinkRun {
  private DynamoDbSinkRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 6) {
      System.err.println(
          "usage: DynamoDbSinkRun <schema> <csv> <rows> <maxConcurrency> (moto <endpoint> |"
              + " standin <capacity> <minLatencyMs> <maxLatencyMs>)");
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
    if (args[4].equals("moto")) {
      moto =
          DynamoDbClient.builder()
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .endpointOverride(URI.create(args[5]))
              .region(Region.EU_WEST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
              .build();
      moto.createTable(
          b ->
              b.tableName("orders")
                  .billingMode("PAY_PER_REQUEST")
                  .keySchema(k -> k.attributeName(key).keyType(KeyType.HASH))
                  .attributeDefinitions(
                      a -> a.attributeName(key).attributeType(ScalarAttributeType.N)));
      writes = ItemWrites.of(moto);
    } else if (args[4].equals("standin") && args.length == 8) {
      standIn =
          new ThrottlingTableStandIn(
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
    long started = System.nanoTime();
    try (InputStream in = Files.newInputStream(csv)) {
      new CsvConverter(schema).convert(in, List.<RowSink>of(sink), new NoRejects());
    }
    sink.finish();
    double seconds = (System.nanoTime() - started) / 1e9;

    long items =
        moto != null
            ? moto.describeTable(b -> b.tableName("orders")).table().itemCount()
            : standIn.items().size();
    if (items != rows) {
      throw new IllegalStateException("expected " + rows + " items in the table, found " + items);
    }
    if (standIn != null && standIn.mostPutsOfOneKey() != 1) {
      throw new IllegalStateException("an item was written more than once");
    }
    var stats = sink.concurrencyStats();
    System.out.printf(
        "items=%d seconds=%.3f items_per_s=%.0f limit_final=%d limit_highest=%d throttles=%d%n",
        items, seconds, items / seconds, stats.limit(), stats.highest(), stats.throttles());
  }
}
