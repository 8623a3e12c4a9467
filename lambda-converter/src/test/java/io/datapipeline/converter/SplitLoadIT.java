package io.datapipeline.converter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.converter.aws.ConverterConfig;
import io.datapipeline.testsupport.ConverterEnvironment;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.datapipeline.testsupport.MotoResources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Large files split into parts, end to end in process (docs/contracts.md "Large files"): S3, SQS
 * and DynamoDB through the real SDK against moto_server, a real PostgreSQL, the function's entry
 * point given the S3 event and then the split queue's messages as Lambda would, several
 * "containers" (handler instances, each with its own database connection) loading parts in
 * parallel.
 */
@ExtendWith(MotoExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SplitLoadIT {

  private static final String BUCKET = "dp-team-a-orders";
  private static final String TABLE = "notes";
  private static final String KEY = "incoming/notes.csv";
  private static final int ROWS = 400;
  private static final int PART_BYTES = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA =
      """
      {"primaryKey": ["id"], "onBadRow": "Fail", "columns": [
        {"name": "id", "type": "int64", "nullable": false},
        {"name": "name", "type": "string"},
        {"name": "note", "type": "string"}
      ]}
      """;

  @RegisterExtension
  static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

  /** The queues of a test: the function's failure queue and its split queue. */
  private record Queues(String failures, String split) {}

  private long uploads;
  private S3Client s3;
  private DynamoDbClient dynamo;
  private SqsClient sqs;
  private Queues queues;
  private MotoAws moto;

  /** One real PostgreSQL for the class's tests (each test drops what the last one left). */
  @BeforeEach
  void setUp(MotoAws aws) throws Exception {
    moto = aws;
    sqs = aws.client(SqsClient.builder());
    queues =
        new Queues(
            sqs.createQueue(b -> b.queueName("failures")).queueUrl(),
            sqs.createQueue(b -> b.queueName("split")).queueUrl());
    dynamo = aws.client(DynamoDbClient.builder());
    MotoResources.onDemandTable(dynamo, TABLE, "id", ScalarAttributeType.N);
    s3 = aws.configure(S3Client.builder()).forcePathStyle(true).build();
    MotoResources.bucket(s3, BUCKET);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "DROP TABLE IF EXISTS notes, pipeline_loads, pipeline_split_parts, pipeline_splits");
      try (ResultSet rs =
          s.executeQuery("SELECT tablename FROM pg_tables WHERE tablename LIKE 'dp\\_split\\_%'")) {
        List<String> left = new ArrayList<>();
        while (rs.next()) {
          left.add(rs.getString(1));
        }
        for (String t : left) {
          c.createStatement().execute("DROP TABLE " + t);
        }
      }
    }
  }

  /** One "container": the function's entry point with its own clients' state and connection. */
  private ConverterEntry container() {
    Map<String, String> env = ConverterEnvironment.givenDatabase(SCHEMA, TABLE);
    env.put("PIPELINE", "team-a/orders");
    env.put("DYNAMODB_TABLE", TABLE);
    env.put("FAILURE_QUEUE_URL", queues.failures());
    env.put("SPLIT_QUEUE_URL", queues.split());
    env.put("SPLIT_THRESHOLD_BYTES", "8192");
    env.put("SPLIT_PART_BYTES", Integer.toString(PART_BYTES));
    return new ConverterEntry(
        new ConverterHandler(
            ConverterConfig.fromEnvironment(env),
            s3,
            dynamo,
            moto.client(SecretsManagerClient.builder()),
            sqs,
            () -> postgres.getPostgresDatabase().getConnection()));
  }

  /**
   * {@code ROWS} rows, every fifth note quoted over several lines (with a comma and a doubled
   * quote), {@code badLine} (when positive) a row whose id is not a number.
   */
  private static String csv(String version, int badRow) {
    StringBuilder csv = new StringBuilder("id,name,note\n");
    for (int i = 1; i <= ROWS; i++) {
      String id = i == badRow ? "not-a-number" : Integer.toString(i);
      String note =
          i % 5 == 0
              ? "\"" + version + " line one of " + i + "\nline two, with \"\"quotes\"\"\n\""
              : version + " plain note " + i;
      csv.append(id).append(',').append("name ").append(i).append(',').append(note).append('\n');
    }
    return csv.toString();
  }

  /** Uploads and delivers the S3 event to a container, as the bucket's notification does. */
  private JsonNode upload(String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String etag = s3.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromBytes(bytes)).eTag();
    String event =
        SplitEvents.objectCreated(
            BUCKET,
            KEY,
            bytes.length,
            etag,
            Long.toHexString(0xFFF0L + ++uploads).toUpperCase(Locale.ROOT));
    return invoke(container(), event);
  }

  private static JsonNode invoke(ConverterEntry entry, String event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entry.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return JSON.readTree(out.toByteArray());
  }

  /** Takes every message off the split queue (its body and receive count). */
  private List<Message> splitMessages() {
    return MotoResources.drain(sqs, queues.split());
  }

  /** Delivers every message to its own container, {@code threads} at a time. */
  private List<JsonNode> deliverInParallel(List<Message> messages, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<JsonNode>> results = new ArrayList<>();
      for (Message m : messages) {
        results.add(pool.submit(() -> invoke(container(), SplitEvents.partMessage(m, 1))));
      }
      List<JsonNode> responses = new ArrayList<>();
      for (Future<JsonNode> r : results) {
        responses.add(r.get(2, TimeUnit.MINUTES));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Map<String, Object>> query(String sql) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      return SqlRows.of(c, sql);
    }
  }

  private List<String> keys() {
    return s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  private List<String> partTables() throws SQLException {
    return query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'dp\\_split\\_%'").stream()
        .map(r -> (String) r.get("tablename"))
        .toList();
  }

  private Map<String, AttributeValue> item(int id) {
    return dynamo
        .getItem(
            b ->
                b.tableName(TABLE)
                    .key(Map.of("id", AttributeValue.fromN(Integer.toString(id))))
                    .consistentRead(true))
        .item();
  }

  private long itemCount() {
    return dynamo.scan(b -> b.tableName(TABLE).select("COUNT")).count();
  }

  @Test
  void aLargeFileLoadsFromPartsInParallelAndAppearsWhole() throws Exception {
    String body = csv("v1", 0);
    JsonNode coordinated = upload(body);
    assertThat(coordinated.asText()).contains("split");
    List<Message> parts = splitMessages();
    int expectedParts = (int) Math.ceil(body.length() / (double) PART_BYTES);
    assertThat(parts).hasSizeBetween(expectedParts - 1, expectedParts + 1).hasSizeGreaterThan(3);
    // Nothing is visible while the parts are only planned.
    assertThat(query("SELECT count(*) AS n FROM notes").get(0)).containsEntry("n", 0L);

    List<JsonNode> responses = deliverInParallel(parts, 4);
    assertThat(responses).allSatisfy(r -> assertThat(r.path("batchItemFailures").size()).isZero());

    assertThat(query("SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM notes").get(0))
        .containsEntry("n", (long) ROWS)
        .containsEntry("lo", 1L)
        .containsEntry("hi", (long) ROWS);
    // A quoted note over line breaks, with its line in the whole file (header is line 1, and
    // every fifth row before it spans three lines).
    Map<String, Object> row = query("SELECT note, _dp_line FROM notes WHERE id = 300").get(0);
    assertThat(row.get("note")).isEqualTo("v1 line one of 300\nline two, with \"quotes\"\n");
    assertThat(row.get("_dp_line")).isEqualTo(2L + 299 + 2 * (299 / 5));
    assertThat(query("SELECT status, rows_loaded, source_key FROM pipeline_loads"))
        .containsExactly(
            Map.of("status", "success", "rows_loaded", (long) ROWS, "source_key", KEY));
    assertThat(query("SELECT status FROM pipeline_splits"))
        .containsExactly(Map.of("status", "committed"));
    assertThat(partTables()).isEmpty();

    assertThat(itemCount()).isEqualTo(ROWS);
    assertThat(item(300).get("note").s())
        .isEqualTo("v1 line one of 300\nline two, with \"quotes\"\n");
    List<String> keys = keys();
    assertThat(keys).noneMatch(k -> k.contains("_dp_staging"));
    assertThat(keys.stream().filter(k -> k.startsWith("parquet/incoming/notes.parts/part-")))
        .hasSize(parts.size());
    assertThat(keys.stream().filter(k -> k.startsWith("json/incoming/notes.parts/part-")))
        .hasSize(parts.size());
    long jsonLines = 0;
    for (String key : keys) {
      if (key.startsWith("json/")) {
        jsonLines +=
            s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String().lines().count();
      }
    }
    assertThat(jsonLines).isEqualTo(ROWS);
  }

  @Test
  void aFailedPartLeavesNothingOfTheVersionVisible() throws Exception {
    // A first version loads (split too); the second fails in one part (a bad id under Fail).
    upload(csv("v1", 0));
    deliverInParallel(splitMessages(), 4);
    assertThat(query("SELECT count(*) AS n FROM notes").get(0)).containsEntry("n", (long) ROWS);
    List<String> before = keys();

    upload(csv("v2", 350));
    List<Message> parts = splitMessages();
    List<JsonNode> responses = deliverInParallel(parts, 4);
    // The failure is not retried (it cannot pass): every message is consumed.
    assertThat(responses).allSatisfy(r -> assertThat(r.path("batchItemFailures").size()).isZero());

    // PostgreSQL, DynamoDB and S3 still hold v1, all of it, and nothing of v2.
    assertThat(query("SELECT count(*) AS n FROM notes WHERE note LIKE 'v1%'").get(0))
        .containsEntry("n", (long) ROWS);
    assertThat(query("SELECT count(*) AS n FROM notes WHERE note LIKE 'v2%'").get(0))
        .containsEntry("n", 0L);
    assertThat(itemCount()).isEqualTo(ROWS);
    for (int id : new int[] {1, 100, 200, 300, 399, 400}) {
      assertThat(item(id).get("note").s()).as("item %d", id).startsWith("v1");
    }
    assertThat(keys()).isEqualTo(before);
    assertThat(partTables()).isEmpty();
    assertThat(
            query("SELECT status, coalesce(reason, '') AS reason FROM pipeline_loads ORDER BY id"))
        .containsExactly(
            Map.of("status", "success", "reason", ""),
            Map.of("status", "failed", "reason", "bad_input"));
    assertThat(query("SELECT status FROM pipeline_splits ORDER BY id"))
        .containsExactly(Map.of("status", "committed"), Map.of("status", "failed"));
    List<JsonNode> failures = new ArrayList<>();
    for (Message m : MotoResources.drain(sqs, queues.failures())) {
      failures.add(OnFailureRecord.parse(m.body()));
    }
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).at("/requestContext/condition").asText())
        .isEqualTo(OnFailureRecord.PERMANENT_FAILURE);
    assertThat(failures.get(0).at("/responsePayload/errorMessage").asText())
        .contains(KEY)
        .contains("part")
        .contains("not-a-number");
    assertThat(failures.get(0).at("/requestPayload/key").asText()).isEqualTo(KEY);
  }

  @Test
  void aRetriedPartAndARedeliveredEventLoadTheSameRows() throws Exception {
    String body = csv("v1", 0);
    upload(body);
    List<Message> parts = splitMessages();
    ConverterEntry one = container();
    // The first part twice (a redelivery after its invocation seemed lost), then all of them,
    // the first once more, while the S3 event itself is delivered again in between.
    assertThat(
            invoke(one, SplitEvents.partMessage(parts.get(0), 1)).path("batchItemFailures").size())
        .isZero();
    assertThat(
            invoke(one, SplitEvents.partMessage(parts.get(0), 2)).path("batchItemFailures").size())
        .isZero();
    upload(body); // same bytes, same ETag: the same version; its pending parts are sent again
    List<Message> resent = splitMessages();
    assertThat(resent).hasSize(parts.size() - 1);
    List<Message> all = new ArrayList<>(parts);
    all.addAll(resent);
    deliverInParallel(all, 3);
    invoke(one, SplitEvents.partMessage(parts.get(0), 3));

    assertThat(query("SELECT count(*) AS n, count(DISTINCT id) AS d FROM notes").get(0))
        .containsEntry("n", (long) ROWS)
        .containsEntry("d", (long) ROWS);
    assertThat(query("SELECT status, rows_loaded FROM pipeline_loads"))
        .containsExactly(Map.of("status", "success", "rows_loaded", (long) ROWS));
    assertThat(itemCount()).isEqualTo(ROWS);
    assertThat(partTables()).isEmpty();
    assertThat(MotoResources.drain(sqs, queues.failures())).isEmpty();
  }

  @Test
  void aKeyRepeatedInTwoPartsKeepsTheLastRow() throws Exception {
    // Row 1 again at the end, changed: the last line wins, in PostgreSQL and in DynamoDB, though
    // the two parts holding the key were written in parallel.
    String body = csv("v1", 0) + "1,renamed,last row wins\n";
    upload(body);
    deliverInParallel(splitMessages(), 4);
    assertThat(query("SELECT name, note FROM notes WHERE id = 1"))
        .containsExactly(Map.of("name", "renamed", "note", "last row wins"));
    assertThat(item(1).get("note").s()).isEqualTo("last row wins");
    assertThat(query("SELECT count(*) AS n FROM notes").get(0)).containsEntry("n", (long) ROWS);
  }

  @Test
  void aSmallFileStillLoadsInOneInvocation() throws Exception {
    JsonNode report = upload("id,name,note\n1,a,b\n2,c,\"d\ne\"\n");
    assertThat(report.asText()).contains("success");
    assertThat(splitMessages()).isEmpty();
    assertThat(query("SELECT count(*) AS n FROM notes").get(0)).containsEntry("n", 2L);
    assertThat(keys()).contains("parquet/incoming/notes.parquet", "json/incoming/notes.jsonl");
  }
}
