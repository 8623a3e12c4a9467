package io.datapipeline.converter.bench;

import io.datapipeline.converter.ConverterEntry;
import io.datapipeline.converter.ConverterHandler;
import io.datapipeline.converter.SplitEvents;
import io.datapipeline.converter.aws.ConverterConfig;
import io.datapipeline.testsupport.ConverterEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One run of {@code bench/converter-split.sh}: a generated CSV uploaded to moto_server's S3, its S3
 * event given to the function's entry point (the coordinator plans and fans out the parts), then
 * {@code n} in-process "containers" (each a {@link ConverterEntry} with its own database
 * connection) polling the split queue as the event source mapping would, until the version is
 * committed. Checks every row loaded, then prints one line: {@code n=<n> parts=<p> seconds=<wall>
 * coordinator_s=<s> rows=<r>}.
 *
 * <p>Arguments: {@code <endpoint> <jdbcUrl> <user> <schema.json> <csv> <rows> <partBytes> <n>}.
 */
public final class SplitRun {
  private SplitRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      System.err.println(
          "usage: SplitRun <endpoint> <jdbcUrl> <user> <schema.json> <csv> <rows> <partBytes> <n>");
      System.exit(2);
    }
    URI endpoint = URI.create(args[0]);
    String jdbcUrl = args[1];
    String user = args[2];
    String schema = Files.readString(Path.of(args[3]));
    Path csv = Path.of(args[4]);
    long rows = Long.parseLong(args[5]);
    long partBytes = Long.parseLong(args[6]);
    int n = Integer.parseInt(args[7]);

    // moto takes its time over a 2 GB PUT before it answers: the client's 30 s default read
    // timeout failed the upload (four attempts) in one of two runs.
    S3Client s3 =
        configure(S3Client.builder(), endpoint)
            .forcePathStyle(true)
            .httpClient(
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(15)).build())
            .build();
    SqsClient sqs = configure(SqsClient.builder(), endpoint).build();
    String bucket = "split-bench-" + n + "-" + System.nanoTime();
    s3.createBucket(b -> b.bucket(bucket));
    // The template's visibility (ConverterStack: 6 x the function's timeout, 900 s at most): with
    // SQS's default 30 s, parts running side by side on 2 cores outlived it and were delivered
    // again (27 deliveries of 15 parts at N=4), so the run measured redone work.
    String splitQueue =
        sqs.createQueue(
                b ->
                    b.queueName(bucket)
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5400")))
            .queueUrl();
    String failures = sqs.createQueue(b -> b.queueName(bucket + "-failures")).queueUrl();
    String table = "orders_split_" + n;
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
    }
    String etag =
        s3.putObject(b -> b.bucket(bucket).key("orders.csv"), RequestBody.fromFile(csv)).eTag();

    Map<String, String> env = ConverterEnvironment.givenDatabase(schema, table);
    env.put("PIPELINE", "bench/split");
    env.put("FAILURE_QUEUE_URL", failures);
    env.put("SPLIT_QUEUE_URL", splitQueue);
    env.put("SPLIT_THRESHOLD_BYTES", "1");
    env.put("SPLIT_PART_BYTES", Long.toString(partBytes));
    ConverterConfig config = ConverterConfig.fromEnvironment(env);
    DynamoDbClient noTable = configure(DynamoDbClient.builder(), endpoint).build();

    long t0 = System.nanoTime();
    container(config, s3, noTable, sqs, jdbcUrl, user)
        .handleRequest(
            input(
                SplitEvents.objectCreated(
                    bucket, "orders.csv", Files.size(csv), etag, "0055AED6DCD90281E5")),
            new ByteArrayOutputStream(),
            null);
    double coordinatorSeconds = (System.nanoTime() - t0) / 1e9;

    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<Integer>> workers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ConverterEntry entry = container(config, s3, noTable, sqs, jdbcUrl, user);
      workers.add(pool.submit(() -> poll(entry, sqs, splitQueue, jdbcUrl, user)));
    }
    int parts = 0;
    for (Future<Integer> worker : workers) {
      parts += worker.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - t0) / 1e9;

    long loaded = count(jdbcUrl, user, "SELECT count(*) FROM " + table);
    long committed =
        count(
            jdbcUrl,
            user,
            "SELECT count(*) FROM pipeline_splits WHERE status = 'committed'"
                + " AND source_bucket = '"
                + bucket
                + "'");
    if (loaded != rows || committed != 1) {
      throw new IllegalStateException(
          "expected "
              + rows
              + " rows committed, found "
              + loaded
              + " (committed: "
              + committed
              + ")");
    }
    // Checked: the next N must not find this run's rows on disk (26 M rows are some GB).
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + table);
    }
    System.out.printf(
        "n=%d parts=%d seconds=%.2f coordinator_s=%.2f rows=%d%n",
        n, parts, seconds, coordinatorSeconds, loaded);
  }

  /** One container's event source mapping: delivers messages until the split settled. */
  private static int poll(
      ConverterEntry entry, SqsClient sqs, String queue, String jdbcUrl, String user)
      throws Exception {
    int delivered = 0;
    while (true) {
      List<Message> messages =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queue)
                          .maxNumberOfMessages(1)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (messages.isEmpty()) {
        if (count(jdbcUrl, user, "SELECT count(*) FROM pipeline_splits WHERE status = 'loading'")
            == 0) {
          return delivered;
        }
        continue;
      }
      Message m = messages.get(0);
      int receives =
          Integer.parseInt(
              m.attributes()
                  .getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      entry.handleRequest(input(SplitEvents.partMessage(m, receives)), out, null);
      if (!out.toString(StandardCharsets.UTF_8).contains("itemIdentifier")) {
        sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
      }
      delivered++;
    }
  }

  private static ConverterEntry container(
      ConverterConfig config,
      S3Client s3,
      DynamoDbClient dynamo,
      SqsClient sqs,
      String jdbcUrl,
      String user) {
    return new ConverterEntry(
        new ConverterHandler(
            config, s3, dynamo, null, sqs, () -> DriverManager.getConnection(jdbcUrl, user, "")));
  }

  private static long count(String jdbcUrl, String user, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static ByteArrayInputStream input(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")));
  }
}
