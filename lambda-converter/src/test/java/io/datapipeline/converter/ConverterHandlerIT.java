package io.datapipeline.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.converter.aws.ConverterConfig;
import io.datapipeline.converter.dynamodb.KeylessItemKey;
import io.datapipeline.converter.load.Deadline;
import io.datapipeline.converter.postgres.ConnectionSource;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.testsupport.ConverterEnvironment;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.datapipeline.testsupport.MotoResources;
import io.datapipeline.testsupport.TestClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The handler in process, as the Lambda runtime would call it: S3, DynamoDB and Secrets Manager
 * through the real SDK against moto_server, a real PostgreSQL (embedded), the S3 event deserialized
 * from the JSON S3 sends, Parquet read back by DuckDB.
 */
@ExtendWith(MotoExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a lock wait must fail the test, not hang the build
class ConverterHandlerIT {

  private static final String BUCKET = "dp-team-a-orders";
  private static final String TABLE = "sp500";
  private static final Charset UTF8 = StandardCharsets.UTF_8;

  @RegisterExtension
  static final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();

  @TempDir Path dir;
  private S3Client s3;
  private DynamoDbClient dynamo;
  private SecretsManagerClient secrets;
  private SqsClient sqs;
  private String failureQueueUrl;
  private String readerSecretArn;
  private long uploads;

  @BeforeEach
  void setUp(MotoAws aws) throws Exception {
    s3 = aws.configure(S3Client.builder()).forcePathStyle(true).build();
    dynamo = aws.client(DynamoDbClient.builder());
    secrets = aws.client(SecretsManagerClient.builder());
    sqs = aws.client(SqsClient.builder());
    failureQueueUrl = sqs.createQueue(b -> b.queueName("dp-team-a-orders-failures")).queueUrl();
    MotoResources.bucket(s3, BUCKET);
    MotoResources.onDemandTable(dynamo, TABLE, "date", ScalarAttributeType.S);
    readerSecretArn =
        secrets
            .createSecret(
                b ->
                    b.name("dp/team-a/orders/reader")
                        .secretString(
                            "{\"username\": \"grafana_reader\", \"password\": \"s3cr3t-'quote\"}"))
            .arn();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS sp500, orders, events, pipeline_loads");
    }
  }

  private ConverterHandler handler(String schemaJson, String table) {
    return handler(schemaJson, table, Map.of());
  }

  /** The same with more (or other) environment variables: DYNAMODB_TABLE, ON_DELETE. */
  private ConverterHandler handler(String schemaJson, String table, Map<String, String> more) {
    Map<String, String> env = ConverterEnvironment.givenDatabase(schemaJson, table);
    env.put("PIPELINE", "team-a/orders");
    env.put("DYNAMODB_TABLE", TABLE);
    env.put("DB_READER_SECRET_ARN", readerSecretArn);
    env.put("FAILURE_QUEUE_URL", failureQueueUrl);
    env.putAll(more);
    ConverterConfig config = ConverterConfig.fromEnvironment(env);
    return new ConverterHandler(
        config, s3, dynamo, secrets, sqs, () -> postgres.getPostgresDatabase().getConnection());
  }

  /** The records in the failure queue (Lambda's on-failure shape), parsed. */
  private List<JsonNode> failureQueue() {
    return MotoResources.drain(sqs, failureQueueUrl).stream()
        .map(m -> OnFailureRecord.parse(m.body()))
        .toList();
  }

  /** The text at {@code pointer} of the failure queue's one record (there must be exactly one). */
  private String onlyFailureRecord(String pointer) {
    List<JsonNode> records = failureQueue();
    assertThat(records).hasSize(1);
    return records.get(0).at(pointer).asText();
  }

  private ConverterHandler sp500Handler() {
    return handler(TestFiles.read("/datasets/sp500-2000.schema.json"), TABLE);
  }

  /** Uploads the whole sp500 dataset as {@code key}; returns the event S3 sends for it. */
  private S3Event uploadSp500(String key) throws IOException {
    return upload(key, Files.readAllBytes(TestFiles.dataset("sp500-2000.csv")));
  }

  /** Uploads {@code body} and returns the event S3 sends for it, deserialized as Lambda does. */
  private S3Event upload(String key, byte[] body) {
    return upload(key, body, "2024-05-01T12:34:56.789Z");
  }

  /** The same, with the event's time (the fixture's sequencer grows with each upload). */
  private S3Event upload(String key, byte[] body, String eventTime) {
    String etag = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body)).eTag();
    return event(key, body.length, etag, eventTime, nextSequencer());
  }

  /** The event S3 sends for an object, deserialized as Lambda does. */
  private S3Event event(String key, long size, String etag, String eventTime, String sequencer) {
    String json =
        TestFiles.read("/events/s3-object-created.json")
            .replace("${bucket}", BUCKET)
            .replace("${key}", key.replace(" ", "+"))
            .replace("${size}", String.valueOf(size))
            .replace("${etag}", etag.replace("\"", ""))
            .replace("2024-05-01T12:34:56.789Z", eventTime)
            .replace("0055AED6DCD90281E5", sequencer);
    return deserialized(json);
  }

  /** An S3 event's JSON as the Lambda runtime deserializes it. */
  private S3Event deserialized(String json) {
    return LambdaEventSerializers.serializerFor(S3Event.class, getClass().getClassLoader())
        .fromJson(new ByteArrayInputStream(json.getBytes(UTF8)));
  }

  /** Increasing hex of varying length, as S3's sequencers (compared left-padded with zeros). */
  private String nextSequencer() {
    return Long.toHexString(0xFFF0L + ++uploads).toUpperCase(Locale.ROOT);
  }

  private List<String> keys() {
    return s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  private List<Map<String, Object>> query(String sql) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      return SqlRows.of(c, sql);
    }
  }

  /** Each row of {@code sql}'s result as its values in column order, separated by spaces. */
  private List<String> rowTexts(String sql) throws SQLException {
    return query(sql).stream()
        .map(r -> r.values().stream().map(String::valueOf).collect(Collectors.joining(" ")))
        .toList();
  }

  @Test
  void loadsTheObjectIntoParquetJsonDynamoDbAndPostgres() throws Exception {
    byte[] csv = Files.readAllBytes(TestFiles.dataset("sp500-2000.csv"));
    HandlerReport report = sp500Handler().handle(upload("incoming/sp500 2000.csv", csv));

    assertThat(report.objects())
        .containsExactly(
            new HandlerReport.ObjectReport(BUCKET, "incoming/sp500 2000.csv", "success", 5105, 0));
    assertThat(keys())
        .containsExactly(
            "incoming/sp500 2000.csv",
            "json/incoming/sp500 2000.jsonl",
            "parquet/incoming/sp500 2000.parquet");

    // Parquet, read back by DuckDB, value by value against DuckDB's reading of the CSV.
    Path parquet = dir.resolve("out.parquet");
    s3.getObject(b -> b.bucket(BUCKET).key("parquet/incoming/sp500 2000.parquet"), parquet);
    Schema schema = TestFiles.schema("sp500-2000");
    try (DuckDb duck = new DuckDb()) {
      List<Map<String, Object>> input =
          duck.rows(
              "SELECT * FROM read_csv('"
                  + TestFiles.dataset("sp500-2000.csv")
                  + "', all_varchar=true)");
      String select =
          schema.columns().stream().map(Expected::duckDbSelect).collect(Collectors.joining(", "));
      List<Map<String, Object>> output =
          duck.rows("SELECT " + select + " FROM read_parquet('" + parquet + "')");
      assertThat(output).hasSize(5105);
      for (int r = 0; r < input.size(); r++) {
        for (Column column : schema.columns()) {
          Object expected =
              Expected.value(schema, column, (String) input.get(r).get(column.name()));
          Object actual = output.get(r).get(column.name());
          if (expected instanceof BigDecimal d) {
            assertThat((BigDecimal) actual).isEqualByComparingTo(d);
          } else {
            assertThat(actual).as("row %d %s", r, column.name()).isEqualTo(expected);
          }
        }
      }
    }

    // PostgreSQL: typed table, every row, lineage, the audit row.
    assertThat(query("SELECT count(*) AS n, sum(volume) AS v, max(high) AS h FROM sp500").get(0))
        .containsEntry("n", 5105L)
        .containsEntry("v", new BigDecimal(sumVolume()))
        .containsEntry("h", maxHigh());
    assertThat(
            query(
                    "SELECT date::text AS d, open::text AS o, _dp_source_key, _dp_line FROM sp500"
                        + " WHERE date = '2000-01-04'")
                .get(0))
        .containsEntry("d", "2000-01-04")
        .containsEntry("o", "1455.219971")
        .containsEntry("_dp_source_key", "incoming/sp500 2000.csv")
        .containsEntry("_dp_line", 3L);
    List<Map<String, Object>> audit =
        query("SELECT status, rows_loaded, rows_rejected, bytes, error FROM pipeline_loads");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0))
        .containsEntry("status", "success")
        .containsEntry("rows_loaded", 5105L)
        .containsEntry("rows_rejected", 0L)
        .containsEntry("bytes", (long) csv.length)
        .containsEntry("error", null);

    // DynamoDB: one item per row, numbers as N, dates as ISO strings.
    assertThat(itemCount()).isEqualTo(5105);
    Map<String, AttributeValue> item = item("2000-01-04");
    assertThat(item.get("open").n()).isEqualTo("1455.219971");
    assertThat(item.get("volume").n()).isEqualTo("1009000000");
    assertThat(item.get("_dp_line").n()).isEqualTo("3");
  }

  @Test
  void theSameEventTwiceChangesNothing() throws Exception {
    byte[] csv = Files.readAllBytes(TestFiles.dataset("sp500-2000.csv"));
    S3Event event = upload("incoming/sp500.csv", csv);
    ConverterHandler handler = sp500Handler();
    handler.handle(event);
    String parquetKey = "parquet/incoming/sp500.parquet";
    String firstEtag = s3.headObject(b -> b.bucket(BUCKET).key(parquetKey)).eTag();
    List<Map<String, Object>> firstRows = query("SELECT * FROM sp500 ORDER BY date");

    HandlerReport again = sp500Handler().handle(event); // a new container gets the retry
    assertThat(again.objects())
        .extracting(HandlerReport.ObjectReport::status)
        .containsExactly("skipped");
    assertThat(query("SELECT * FROM sp500 ORDER BY date")).isEqualTo(firstRows);
    assertThat(query("SELECT status FROM pipeline_loads")).hasSize(1);
    assertThat(s3.headObject(b -> b.bucket(BUCKET).key(parquetKey)).eTag()).isEqualTo(firstEtag);
    assertThat(itemCount()).isEqualTo(5105);
  }

  @Test
  void aNewVersionOfTheObjectReplacesItsRowsAndAFileRepeatingAKeyKeepsTheLastRow()
      throws Exception {
    ConverterHandler handler = sp500Handler();
    handler.handle(uploadSp500("incoming/s.csv"));
    String v2 =
        "date,open,high,low,close,adjclose,volume\n"
            + "2000-01-03,1,1,1,1,1,1\n"
            + "2000-01-03,2,2,2,2,2,2\n";
    handler.handle(upload("incoming/s.csv", v2.getBytes(StandardCharsets.UTF_8)));
    List<Map<String, Object>> rows = query("SELECT date::text AS d, volume, _dp_line FROM sp500");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0))
        .containsEntry("d", "2000-01-03")
        .containsEntry("volume", 2L)
        .containsEntry("_dp_line", 3L);
    Map<String, AttributeValue> item = item("2000-01-03");
    assertThat(item.get("volume").n()).isEqualTo("2");
  }

  /** An sp500 file: the header, then {@code rows} (lines without their line break). */
  private static byte[] sp500Csv(String... rows) {
    StringBuilder csv = new StringBuilder("date,open,high,low,close,adjclose,volume\n");
    for (String row : rows) {
      csv.append(row).append('\n');
    }
    return csv.toString().getBytes(UTF8);
  }

  /** Loads a.csv (2000-01-03 and 2000-01-04, volume 1), then b.csv (2000-01-04 again, volume 2). */
  private void loadTwoFilesSharingADate(ConverterHandler handler) {
    handler.handle(
        upload("incoming/a.csv", sp500Csv("2000-01-03,1,1,1,1,1,1", "2000-01-04,1,1,1,1,1,1")));
    handler.handle(upload("incoming/b.csv", sp500Csv("2000-01-04,2,2,2,2,2,2")));
  }

  @Test
  void aLaterFileWithAKeyAlreadyLoadedFromAnotherFileWins() throws Exception {
    loadTwoFilesSharingADate(sp500Handler());
    assertThat(rowTexts("SELECT date::text AS d, volume, _dp_source_key FROM sp500 ORDER BY date"))
        .containsExactly("2000-01-03 1 incoming/a.csv", "2000-01-04 2 incoming/b.csv");
  }

  @Test
  void badRowsGoToTheRejectedObjectWithLineAndReason() throws Exception {
    String csv =
        "date,open,high,low,close,adjclose,volume\n"
            + "2000-01-03,1,1,1,1,1,1\n"
            + "2000-01-04,one,1,1,1,1,1\n"
            + "2000-02-30,1,1,1,1,1,1\n"
            + "2000-01-05,1,1,1,1,1,1\n";
    HandlerReport report =
        sp500Handler().handle(upload("incoming/bad.csv", csv.getBytes(StandardCharsets.UTF_8)));
    assertThat(report.objects().get(0).rowsRejected()).isEqualTo(2);
    String rejects =
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("rejected/incoming/bad.csv")).asUtf8String();
    assertThat(rejects)
        .isEqualTo(
            "line,reason,record\n"
                + "3,column 'open': 'one' is not a decimal number,\"2000-01-04,one,1,1,1,1,1\"\n"
                + "4,column 'date': '2000-02-30' is not a date of the form yyyy-MM-dd,\"2000-02-30,1,1,1,1,1,1\"\n");
    assertThat(query("SELECT count(*) AS n FROM sp500").get(0)).containsEntry("n", 2L);
    assertThat(query("SELECT rows_loaded, rows_rejected FROM pipeline_loads").get(0))
        .containsEntry("rows_loaded", 2L)
        .containsEntry("rows_rejected", 2L);
  }

  @Test
  void anUnreadableFileIsAuditedSentToTheFailureQueueAndLeavesNoOutput() throws Exception {
    S3Event event = upload("incoming/wrong.csv", "id;name\n1;x\n".getBytes(StandardCharsets.UTF_8));
    assertThat(sp500Handler().handle(event).objects())
        .extracting(o -> o.key() + " " + o.status())
        .containsExactly("incoming/wrong.csv failed");
    List<JsonNode> failed = failureQueue();
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).at("/requestContext/condition").asText())
        .isEqualTo("PermanentFailure");
    assertThat(failed.get(0).at("/responsePayload/errorType").asText()).isEqualTo("bad_input");
    assertThat(failed.get(0).at("/responsePayload/errorMessage").asText())
        .contains(
            "s3://" + BUCKET + "/incoming/wrong.csv: line 1: the header does not match the schema");
    assertThat(failed.get(0).at("/requestPayload/Records/0/s3/object/key").asText())
        .isEqualTo("incoming/wrong.csv");
    assertThat(failed.get(0).at("/requestPayload/Records/0/s3/bucket/name").asText())
        .isEqualTo(BUCKET);
    assertThat(keys()).containsExactly("incoming/wrong.csv");
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    assertThat(query("SELECT status, error FROM pipeline_loads").get(0))
        .containsEntry("status", "failed")
        .hasEntrySatisfying(
            "error", e -> assertThat((String) e).contains("missing columns [date, open"));
    assertThat(query("SELECT count(*) AS n FROM sp500").get(0)).containsEntry("n", 0L);
    assertThat(itemCount()).isZero();
  }

  @Test
  void grantsTheReaderRoleSelectOnly() throws Exception {
    sp500Handler()
        .handle(
            upload(
                "incoming/s.csv",
                "date,open,high,low,close,adjclose,volume\n2000-01-03,1,1,1,1,1,1\n"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(
            query(
                    "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' AS scram, rolsuper FROM pg_authid WHERE rolname = 'grafana_reader'")
                .get(0))
        .containsEntry("scram", true)
        .containsEntry("rolsuper", false);
    try (Connection reader = postgres.getDatabase("grafana_reader", "postgres").getConnection();
        Statement s = reader.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sp500")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pipeline_loads")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
      assertThatThrownBy(() -> s.execute("DELETE FROM sp500"))
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void anAdditiveSchemaChangeAddsTheColumnAndAnIncompatibleOneFailsClearly() throws Exception {
    String schema = TestFiles.read("/datasets/sp500-2000.schema.json");
    String csv = "date,open,high,low,close,adjclose,volume\n2000-01-03,1,1,1,1,1,1\n";
    handler(schema, TABLE).handle(upload("incoming/a.csv", csv.getBytes(StandardCharsets.UTF_8)));

    String added =
        schema.replace(
            "{\"name\": \"volume\", \"type\": \"int64\"}",
            "{\"name\": \"volume\", \"type\": \"int64\"}, {\"name\": \"note\", \"type\": \"string\"}");
    handler(added, TABLE)
        .handle(
            upload(
                "incoming/b.csv",
                (csv.replace("volume\n", "volume,note\n")
                        .replace(",1\n", ",1,hello\n")
                        .replace("2000-01-03", "2000-01-04"))
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(query("SELECT note FROM sp500 ORDER BY date"))
        .extracting(r -> r.get("note"))
        .containsExactly(null, "hello");

    String changed =
        schema.replace(
            "{\"name\": \"volume\", \"type\": \"int64\"}",
            "{\"name\": \"volume\", \"type\": \"float64\"}");
    assertThat(
            handler(changed, TABLE)
                .handle(upload("incoming/c.csv", csv.getBytes(StandardCharsets.UTF_8)))
                .objects())
        .extracting(o -> o.status())
        .containsExactly("failed");
    List<JsonNode> failed = failureQueue();
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).at("/responsePayload/errorType").asText())
        .isEqualTo("schema_mismatch");
    assertThat(failed.get(0).at("/responsePayload/errorMessage").asText())
        .contains("column 'volume' is bigint in table sp500 but double precision in the schema");
    assertThat(
            rowTexts(
                "SELECT status, reason FROM pipeline_loads WHERE source_key = 'incoming/c.csv'"))
        .containsExactly("failed schema_mismatch");
  }

  @Test
  void anItemOverDynamoDbsLimitIsARejectedRow() throws Exception {
    String schema =
        "{\"primaryKey\": [\"date\"], \"columns\": [{\"name\": \"date\", \"type\": \"string\", \"nullable\": false},"
            + " {\"name\": \"text\", \"type\": \"string\"}]}";
    String csv = "date,text\nsmall,ok\nbig," + "x".repeat(420 * 1024) + "\n";
    HandlerReport report =
        handler(schema, "orders")
            .handle(upload("incoming/big.csv", csv.getBytes(StandardCharsets.UTF_8)));
    assertThat(report.objects().get(0).rowsLoaded()).isEqualTo(1);
    assertThat(report.objects().get(0).rowsRejected()).isEqualTo(1);
    String rejects =
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("rejected/incoming/big.csv")).asUtf8String();
    assertThat(rejects).startsWith("line,reason,record\n3,\"the DynamoDB item would be ");
    assertThat(query("SELECT date FROM orders"))
        .extracting(r -> r.get("date"))
        .containsExactly("small");
  }

  @Test
  void aReUploadWithFewerRowsOnAnotherDayLeavesEqualCountsInEverySink() throws Exception {
    List<String> lines = Files.readAllLines(TestFiles.dataset("sp500-2000.csv"));
    String v1 = String.join("\n", lines.subList(0, 101)) + "\n";
    String v2 = lines.get(0) + "\n" + String.join("\n", lines.subList(51, 101)) + "\n";
    ConverterHandler handler = sp500Handler();
    handler.handle(
        upload("incoming/s.csv", v1.getBytes(StandardCharsets.UTF_8), "2024-05-01T23:59:00Z"));
    assertThat(itemCount()).isEqualTo(100);

    HandlerReport report =
        handler.handle(
            upload("incoming/s.csv", v2.getBytes(StandardCharsets.UTF_8), "2024-05-02T00:01:00Z"));

    assertThat(report.objects()).extracting(o -> o.rowsLoaded()).containsExactly(50L);
    assertThat(query("SELECT count(*) AS n FROM sp500").get(0)).containsEntry("n", 50L);
    assertThat(itemCount()).isEqualTo(50);
    assertThat(keys())
        .containsExactly("incoming/s.csv", "json/incoming/s.jsonl", "parquet/incoming/s.parquet");
    Path parquet = dir.resolve("s.parquet");
    s3.getObject(b -> b.bucket(BUCKET).key("parquet/incoming/s.parquet"), parquet);
    try (DuckDb duck = new DuckDb()) {
      assertThat(duck.rows("SELECT count(*) AS n FROM read_parquet('" + parquet + "')").get(0))
          .containsEntry("n", 50L);
    }
    String json =
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("json/incoming/s.jsonl")).asUtf8String();
    assertThat(json.lines()).hasSize(50);
    // The same 50 dates everywhere: the first 50 of version 1 are gone from DynamoDB too.
    assertThat(
            dynamo
                .getItem(
                    b ->
                        b.tableName(TABLE)
                            .key(Map.of("date", AttributeValue.fromS(lines.get(1).split(",")[0]))))
                .hasItem())
        .isFalse();
  }

  @Test
  void aReUploadDoesNotDeleteAnItemThatAnotherFileOwnsNow() throws Exception {
    ConverterHandler handler = sp500Handler();
    loadTwoFilesSharingADate(handler);
    handler.handle(upload("incoming/a.csv", sp500Csv("2000-01-03,3,3,3,3,3,3")));

    assertThat(rowTexts("SELECT date::text AS d, volume, _dp_source_key FROM sp500 ORDER BY date"))
        .containsExactly("2000-01-03 3 incoming/a.csv", "2000-01-04 2 incoming/b.csv");
    assertThat(itemCount()).isEqualTo(2);
    assertThat(item("2000-01-04").get("_dp_source_key").s()).isEqualTo("incoming/b.csv");
  }

  // Keyless data and deletions (issue 15 items 7 and 3).

  private static final String EVENTS_SCHEMA =
      """
      {"columns": [
        {"name": "time", "type": "timestamp", "format": "yyyy/MM/dd HH:mm:ss", "timeZone": "UTC"},
        {"name": "count", "type": "int64"}]}
      """;

  /** A handler of the keyless schema: DynamoDB table and PostgreSQL table "events". */
  private ConverterHandler keylessHandler(String onDelete) {
    if (!dynamo.listTables().tableNames().contains("events")) {
      // The table stack's keyless key (operator TableStack): _dp_partition, _dp_line.
      dynamo.createTable(
          b ->
              b.tableName("events")
                  .billingMode("PAY_PER_REQUEST")
                  .keySchema(
                      k -> k.attributeName("_dp_partition").keyType(KeyType.HASH),
                      k -> k.attributeName("_dp_line").keyType(KeyType.RANGE))
                  .attributeDefinitions(
                      a -> a.attributeName("_dp_partition").attributeType(ScalarAttributeType.S),
                      a -> a.attributeName("_dp_line").attributeType(ScalarAttributeType.N)));
    }
    return handler(
        EVENTS_SCHEMA, "events", Map.of("DYNAMODB_TABLE", "events", "ON_DELETE", onDelete));
  }

  /** {@code rows} data lines of the events file, the same reading repeated in pairs. */
  private static byte[] eventsCsv(int rows) {
    StringBuilder csv = new StringBuilder("time,count\n");
    for (int i = 0; i < rows; i++) {
      csv.append(String.format("2015/01/01 %02d:00:00,%d%n", (i / 2) % 24, i / 2));
    }
    return csv.toString().getBytes(UTF8);
  }

  /** Deletes the object in S3 and returns the ObjectRemoved:Delete event S3 sends for it. */
  private S3Event delete(String key) {
    return delete(key, "ObjectRemoved:Delete");
  }

  /** The same, with another event name (as the lifecycle's expiry is reported). */
  private S3Event delete(String key, String eventName) {
    s3.deleteObject(b -> b.bucket(BUCKET).key(key));
    String json =
        TestFiles.read("/events/s3-object-removed.json")
            .replace("ObjectRemoved:Delete", eventName)
            .replace("${bucket}", BUCKET)
            .replace("${key}", key.replace(" ", "+"))
            .replace("0055AED6DCD90281E5", nextSequencer());
    return deserialized(json);
  }

  /** Scans page by page: one Scan stops at 1 MB. */
  private long itemCount(String table) {
    return dynamo.scanPaginator(b -> b.tableName(table).select("COUNT")).stream()
        .mapToLong(page -> page.count())
        .sum();
  }

  private long parquetRows(String key) throws Exception {
    Path parquet = Files.createTempFile(dir, "out", ".parquet");
    Files.delete(parquet);
    s3.getObject(b -> b.bucket(BUCKET).key(key), parquet);
    try (DuckDb duck = new DuckDb()) {
      return (Long)
          duck.rows("SELECT count(*) AS n FROM read_parquet('" + parquet + "')").get(0).get("n");
    }
  }

  private long jsonLines(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String().lines().count();
  }

  @Test
  void aKeylessFileWithRepeatedRowsLoadsEveryRowInEverySink() throws Exception {
    HandlerReport report = keylessHandler("Keep").handle(upload("incoming/e.csv", eventsCsv(40)));

    assertThat(report.objects()).extracting(o -> o.rowsLoaded()).containsExactly(40L);
    // Every row, the repeated ones too: 20 distinct readings, 40 rows.
    assertThat(query("SELECT count(*) AS n, count(DISTINCT (time, count)) AS d FROM events").get(0))
        .containsEntry("n", 40L)
        .containsEntry("d", 20L);
    // The surrogate key numbers them; the identity is object and line.
    assertThat(
            query(
                    "SELECT count(DISTINCT _dp_row_id) AS ids, count(DISTINCT _dp_line) AS lines"
                        + " FROM events WHERE _dp_source_key = 'incoming/e.csv'")
                .get(0))
        .containsEntry("ids", 40L)
        .containsEntry("lines", 40L);
    assertThat(itemCount("events")).isEqualTo(40);
    assertThat(parquetRows("parquet/incoming/e.parquet")).isEqualTo(40);
    assertThat(jsonLines("json/incoming/e.jsonl")).isEqualTo(40);
    // One object's items spread over many partition key values, each sorted by line.
    var items = dynamo.scan(b -> b.tableName("events")).items();
    assertThat(items.stream().map(i -> i.get("_dp_partition").s()).distinct().count())
        .isGreaterThan(20);
    var first = items.stream().filter(i -> i.get("_dp_line").n().equals("2")).findFirst();
    assertThat(first).isPresent();
    assertThat(first.get().get("_dp_partition").s()).endsWith("#2").hasSize(32 + 2);
    assertThat(first.get().get("count").n()).isEqualTo("0");
  }

  @Test
  void aKeylessReUploadWithFewerRowsLeavesEqualCountsInEverySink() throws Exception {
    ConverterHandler handler = keylessHandler("Keep");
    handler.handle(upload("incoming/e.csv", eventsCsv(100)));
    handler.handle(upload("incoming/other.csv", eventsCsv(7)));
    assertThat(itemCount("events")).isEqualTo(107);

    HandlerReport report = handler.handle(upload("incoming/e.csv", eventsCsv(50)));

    assertThat(report.objects()).extracting(o -> o.rowsLoaded()).containsExactly(50L);
    assertThat(
            query("SELECT count(*) AS n FROM events WHERE _dp_source_key = 'incoming/e.csv'")
                .get(0))
        .containsEntry("n", 50L);
    assertThat(query("SELECT count(*) AS n FROM events").get(0)).containsEntry("n", 57L);
    assertThat(itemCount("events")).isEqualTo(57);
    assertThat(parquetRows("parquet/incoming/e.parquet")).isEqualTo(50);
    assertThat(jsonLines("json/incoming/e.jsonl")).isEqualTo(50);
    // The lines beyond the new version's are gone from DynamoDB, the other object's stay.
    var key = new KeylessItemKey("incoming/e.csv");
    assertThat(dynamo.getItem(b -> b.tableName("events").key(key.itemKey(51))).hasItem()).isTrue();
    assertThat(dynamo.getItem(b -> b.tableName("events").key(key.itemKey(52))).hasItem()).isFalse();
    assertThat(dynamo.getItem(b -> b.tableName("events").key(key.itemKey(101))).hasItem())
        .isFalse();
  }

  @Test
  void aKeylessFileFailingPartWayLeavesThePreviousVersionInEverySink() throws Exception {
    keylessHandler("Keep").handle(upload("incoming/e.csv", eventsCsv(30)));
    String v1 =
        query("SELECT DISTINCT _dp_source_version AS v FROM events").get(0).get("v").toString();
    ConverterHandler failing =
        handler(
            EVENTS_SCHEMA.replace("{\"columns\"", "{\"onBadRow\": \"Fail\", \"columns\""),
            "events",
            Map.of("DYNAMODB_TABLE", "events"));
    byte[] v2 =
        (new String(eventsCsv(40), UTF8) + "not a time,1\n").getBytes(UTF8); // fails at the end

    // A bad row under Fail: the file can never load, so it is reported failed and queued once.
    assertThat(failing.handle(upload("incoming/e.csv", v2)).objects())
        .extracting(o -> o.status())
        .containsExactly("failed");
    assertThat(onlyFailureRecord("/responsePayload/errorType")).isEqualTo("bad_input");

    assertThat(query("SELECT count(*) AS n, min(_dp_source_version) AS v FROM events").get(0))
        .containsEntry("n", 30L)
        .containsEntry("v", v1);
    var items = dynamo.scan(b -> b.tableName("events")).items();
    assertThat(items).hasSize(30);
    assertThat(items).allSatisfy(i -> assertThat(i.get("_dp_source_version").s()).isEqualTo(v1));
    assertThat(parquetRows("parquet/incoming/e.parquet")).isEqualTo(30);
  }

  @Test
  void removeRowsRemovesADeletedObjectsRowsItemsAndOutputsEverywhereAndAuditsIt() throws Exception {
    ConverterHandler handler =
        handler(
            TestFiles.read("/datasets/sp500-2000.schema.json"),
            TABLE,
            Map.of("ON_DELETE", "RemoveRows"));
    byte[] a = sp500Csv("2000-01-03,1,1,1,1,1,1", "2000-01-04,1,1,1,1,1,1", "bad,row");
    S3Event firstA = upload("incoming/a.csv", a);
    handler.handle(firstA);
    handler.handle(upload("incoming/b.csv", sp500Csv("2000-01-05,2,2,2,2,2,2")));
    assertThat(keys()).contains("rejected/incoming/a.csv");

    HandlerReport report = handler.handle(delete("incoming/a.csv"));

    assertThat(report.objects()).extracting(o -> o.status()).containsExactly("removed");
    assertThat(rowTexts("SELECT date::text AS d, _dp_source_key FROM sp500"))
        .containsExactly("2000-01-05 incoming/b.csv");
    assertThat(itemCount()).isEqualTo(1);
    assertThat(keys())
        .containsExactly("incoming/b.csv", "json/incoming/b.jsonl", "parquet/incoming/b.parquet");
    assertThat(
            query(
                "SELECT status, notes FROM pipeline_loads WHERE source_key = 'incoming/a.csv'"
                    + " ORDER BY id"))
        .extracting(r -> r.get("status") + ": " + r.get("notes"))
        .containsExactly(
            "success: null",
            "removed: removed 2 rows, their DynamoDB items and outputs: the object was deleted");

    // Lambda retrying the upload's event late: the deletion is newer, nothing comes back.
    assertThat(handler.handle(firstA).objects())
        .extracting(o -> o.status())
        .containsExactly("superseded");
    assertThat(query("SELECT count(*) AS n FROM sp500").get(0)).containsEntry("n", 1L);
    // The same content uploaded again (same ETag) loads again: it is a new upload.
    assertThat(handler.handle(upload("incoming/a.csv", a)).objects())
        .extracting(o -> o.status())
        .containsExactly("success");
    assertThat(query("SELECT count(*) AS n FROM sp500").get(0)).containsEntry("n", 3L);
    assertThat(itemCount()).isEqualTo(3);
  }

  @Test
  void removeRowsOfAKeylessObjectLeavesEqualCountsInEverySinkAndARedeliveryChangesNothing()
      throws Exception {
    ConverterHandler handler = keylessHandler("RemoveRows");
    handler.handle(upload("incoming/e.csv", eventsCsv(30)));
    handler.handle(upload("incoming/other.csv", eventsCsv(7)));

    S3Event deletion = delete("incoming/e.csv");
    handler.handle(deletion);
    HandlerReport again = handler.handle(deletion);

    assertThat(again.objects()).extracting(o -> o.status()).containsExactly("skipped");
    assertThat(query("SELECT count(*) AS n FROM events").get(0)).containsEntry("n", 7L);
    assertThat(itemCount("events")).isEqualTo(7);
    assertThat(keys())
        .containsExactly(
            "incoming/other.csv", "json/incoming/other.jsonl", "parquet/incoming/other.parquet");
    assertThat(query("SELECT count(*) AS n FROM pipeline_loads WHERE status = 'removed'").get(0))
        .containsEntry("n", 1L);
  }

  @Test
  void keepLeavesTheRowsOfADeletedObjectAndDeletionsAreNotAudited() throws Exception {
    ConverterHandler handler = keylessHandler("Keep");
    handler.handle(upload("incoming/e.csv", eventsCsv(10)));

    HandlerReport report = handler.handle(delete("incoming/e.csv"));

    assertThat(report.objects()).extracting(o -> o.status()).containsExactly("ignored");
    assertThat(query("SELECT count(*) AS n FROM events").get(0)).containsEntry("n", 10L);
    assertThat(itemCount("events")).isEqualTo(10);
    assertThat(keys()).containsExactly("json/incoming/e.jsonl", "parquet/incoming/e.parquet");
    assertThat(query("SELECT status FROM pipeline_loads"))
        .extracting(r -> r.get("status"))
        .containsExactly("success");
  }

  @Test
  void lifecycleExpiryNeverRemovesRowsEvenWithRemoveRows() throws Exception {
    ConverterHandler handler = keylessHandler("RemoveRows");
    handler.handle(upload("incoming/e.csv", eventsCsv(10)));
    S3Event deletion = delete("incoming/e.csv", "LifecycleExpiration:Delete");

    assertThat(handler.handle(deletion).objects())
        .extracting(o -> o.status())
        .containsExactly("ignored");
    assertThat(query("SELECT count(*) AS n FROM events").get(0)).containsEntry("n", 10L);
    assertThat(itemCount("events")).isEqualTo(10);
  }

  @Test
  void anEventOlderThanTheLastLoadedForItsKeyIsSkippedAndAuditedSuperseded() throws Exception {
    byte[] v1 = sp500Csv("2000-01-03,1,1,1,1,1,1", "2000-01-04,1,1,1,1,1,1");
    byte[] v2 = sp500Csv("2000-01-05,2,2,2,2,2,2");
    String etag1 =
        s3.putObject(b -> b.bucket(BUCKET).key("incoming/o.csv"), RequestBody.fromBytes(v1)).eTag();
    String etag2 =
        s3.putObject(b -> b.bucket(BUCKET).key("incoming/o.csv"), RequestBody.fromBytes(v2)).eTag();
    // Sequencers of different lengths: compared left-padded, FFFF is older than 10000.
    S3Event first = event("incoming/o.csv", v1.length, etag1, "2024-05-01T10:00:00Z", "FFFF");
    S3Event second = event("incoming/o.csv", v2.length, etag2, "2024-05-01T10:00:01Z", "10000");
    ConverterHandler handler = sp500Handler();

    handler.handle(second);
    HandlerReport late = handler.handle(first); // Lambda's retry of the first event, hours later

    assertThat(late.objects()).extracting(o -> o.status()).containsExactly("superseded");
    assertThat(query("SELECT date::text AS d FROM sp500"))
        .extracting(r -> r.get("d"))
        .containsExactly("2000-01-05");
    assertThat(itemCount()).isEqualTo(1);
    assertThat(rowTexts("SELECT status, reason, source_sequencer FROM pipeline_loads ORDER BY id"))
        .containsExactly("success null 10000", "superseded superseded FFFF");
  }

  @Test
  void twoDeliveriesOfOneObjectAtTheSameTimeLoadItOnce() throws Exception {
    S3Event event = uploadSp500("incoming/twice.csv");
    ConverterHandler a = sp500Handler();
    ConverterHandler b = sp500Handler(); // two Lambda containers
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      var first =
          pool.submit(
              () -> {
                start.await();
                return a.handle(event);
              });
      var second =
          pool.submit(
              () -> {
                start.await();
                return b.handle(event);
              });
      assertThat(
              List.of(
                  first.get().objects().get(0).status(), second.get().objects().get(0).status()))
          .containsExactlyInAnyOrder("success", "skipped");
    } finally {
      pool.shutdownNow();
    }
    assertThat(query("SELECT status FROM pipeline_loads"))
        .extracting(r -> r.get("status"))
        .containsExactly("success");
    assertThat(query("SELECT count(*) AS n FROM sp500").get(0)).containsEntry("n", 5105L);
    assertThat(itemCount()).isEqualTo(5105);
  }

  @Test
  void aFileFailingPartWayLeavesNothingOfItsVersionInAnySink() throws Exception {
    String failing =
        TestFiles.read("/datasets/sp500-2000.schema.json")
            .replace("\"delimiter\": \",\",", "\"delimiter\": \",\", \"onBadRow\": \"Fail\",");
    ConverterHandler handler = handler(failing, TABLE);
    byte[] v1 = sp500Csv("2000-01-03,1,1,1,1,1,1", "1999-12-31,1,1,1,1,1,1");
    S3Event first = upload("incoming/f.csv", v1);
    String v1Version = first.getRecords().get(0).getS3().getObject().geteTag();
    handler.handle(first);
    // Version 2: 1500 good rows (more than a batch, so DynamoDB receives some) and a bad last one.
    List<String> lines = Files.readAllLines(TestFiles.dataset("sp500-2000.csv"));
    String v2 = String.join("\n", lines.subList(0, 1501)) + "\n2000-13-45,1,1,1,1,1,1\n";

    assertThat(handler.handle(upload("incoming/f.csv", v2.getBytes(UTF8))).objects())
        .extracting(o -> o.status())
        .containsExactly("failed");
    assertThat(onlyFailureRecord("/responsePayload/errorMessage")).contains("(onBadRow: Fail)");

    assertThat(
            rowTexts("SELECT date::text AS d, volume, _dp_source_version FROM sp500 ORDER BY date"))
        .containsExactly("1999-12-31 1 " + v1Version, "2000-01-03 1 " + v1Version);
    assertThat(itemCount()).isEqualTo(2);
    Map<String, AttributeValue> restored = item("2000-01-03");
    assertThat(restored.get("volume").n()).isEqualTo("1");
    assertThat(restored.get("_dp_source_version").s()).isEqualTo(v1Version);
    assertThat(keys())
        .containsExactly("incoming/f.csv", "json/incoming/f.jsonl", "parquet/incoming/f.parquet");
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    assertThat(rowTexts("SELECT status, reason FROM pipeline_loads ORDER BY id"))
        .containsExactly("success null", "failed bad_input");
  }

  @Test
  void aLoadThatRunsOutOfTimeFailsCleanlyAuditedTimeout() throws Exception {
    S3Event event = uploadSp500("incoming/slow.csv");
    // The deadline's own clock, 100 ms later at every look: the load passes its start check and
    // its first reads, then runs out of time part-way through the file, however fast the machine
    // (with the real clock this depended on the load taking more than 1.5 s).
    Instant start = Instant.now();
    AtomicLong looks = new AtomicLong();
    Clock clock =
        new TestClock(
            () -> start.plus(Duration.ofMillis(100).multipliedBy(looks.getAndIncrement())));

    assertThatThrownBy(
            () ->
                sp500Handler().handle(event, Deadline.at(clock.instant().plusMillis(1500), clock)))
        .isInstanceOf(ConversionFailedException.class)
        .hasMessageContaining("timeout");

    assertThat(rowTexts("SELECT status, reason FROM pipeline_loads"))
        .containsExactly("failed timeout");
    assertThat(keys()).containsExactly("incoming/slow.csv");
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    assertThat(query("SELECT count(*) AS n FROM sp500").get(0)).containsEntry("n", 0L);
    assertThat(itemCount()).isZero();
  }

  @Test
  void aNulCharacterInAStringRejectsThatRowOnly() throws Exception {
    String schema =
        "{\"primaryKey\": [\"date\"], \"columns\": [{\"name\": \"date\", \"type\": \"string\","
            + " \"nullable\": false}, {\"name\": \"text\", \"type\": \"string\"}]}";
    String csv = "date,text\na,ok\nb,nul\u0000here\nc,ok\n";
    HandlerReport report =
        handler(schema, "orders").handle(upload("incoming/nul.csv", csv.getBytes(UTF8)));
    assertThat(report.objects().get(0).rowsLoaded()).isEqualTo(2);
    assertThat(report.objects().get(0).rowsRejected()).isEqualTo(1);
    assertThat(
            s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("rejected/incoming/nul.csv"))
                .asUtf8String())
        .contains("3,column 'text': a NUL character (U+0000) cannot be stored in PostgreSQL text,");
    assertThat(query("SELECT date FROM orders ORDER BY date"))
        .extracting(r -> r.get("date"))
        .containsExactly("a", "c");
    assertThat(itemCount()).isEqualTo(2);
  }

  @Test
  void aFileThatCanNeverLoadIsAuditedOnceAndGoesToTheFailureQueueWithoutARetry() throws Exception {
    S3Event event = upload("incoming/never.csv", "id;name\n1;x\n".getBytes(UTF8));
    // The invocation succeeds (Lambda does not retry); the handler sent the file itself.
    assertThat(sp500Handler().handle(event).objects())
        .extracting(o -> o.status())
        .containsExactly("failed");
    assertThat(failureQueue()).hasSize(1);
    // S3 delivers at least once: a duplicate event is sent again (never lost), not re-audited.
    assertThat(sp500Handler().handle(event).objects())
        .extracting(o -> o.status())
        .containsExactly("failed");
    assertThat(onlyFailureRecord("/responsePayload/errorMessage"))
        .contains("audited when it first failed");
    assertThat(rowTexts("SELECT status, reason FROM pipeline_loads"))
        .containsExactly("failed bad_input");
  }

  /**
   * An sp500 handler configured with the database and {@code more} only: no pipeline name, no
   * reader role, no FAILURE_QUEUE_URL ({@code sqs} may be null); connections from {@code database}.
   */
  private ConverterHandler databaseOnlyHandler(
      Map<String, String> more, SqsClient sqs, ConnectionSource database) {
    Map<String, String> env =
        ConverterEnvironment.givenDatabase(
            TestFiles.read("/datasets/sp500-2000.schema.json"), TABLE);
    env.putAll(more);
    return new ConverterHandler(
        ConverterConfig.fromEnvironment(env), s3, dynamo, secrets, sqs, database);
  }

  @Test
  void withoutAFailureQueueAFileThatCanNeverLoadFailsTheInvocationForLambdasDestination()
      throws Exception {
    S3Event event = upload("incoming/never.csv", "id;name\n1;x\n".getBytes(UTF8));
    ConverterHandler noQueue =
        databaseOnlyHandler(Map.of(), null, () -> postgres.getPostgresDatabase().getConnection());
    assertThatThrownBy(() -> noQueue.handle(event))
        .isInstanceOf(ConversionFailedException.class)
        .hasMessageContaining("incoming/never.csv: line 1: the header does not match the schema");
    assertThat(failureQueue()).isEmpty();
    assertThat(rowTexts("SELECT status, reason FROM pipeline_loads"))
        .containsExactly("failed bad_input");
  }

  @Test
  void aTransientFailureIsRetriedAndTheRetryLoads() throws Exception {
    S3Event event =
        upload(
            "incoming/later.csv",
            "date,open,high,low,close,adjclose,volume\n2000-01-03,1,1,1,1,1,1\n".getBytes(UTF8));
    ConverterHandler unreachable =
        databaseOnlyHandler(
            Map.of("DYNAMODB_TABLE", TABLE),
            sqs,
            () -> {
              throw new SQLException("connection refused", "08001");
            });
    assertThatThrownBy(() -> unreachable.handle(event))
        .isInstanceOf(ConversionFailedException.class)
        .hasMessageContaining("connection refused");
    assertThat(failureQueue()).as("transient: Lambda retries it").isEmpty();

    assertThat(sp500Handler().handle(event).objects())
        .extracting(o -> o.status())
        .containsExactly("success");
    assertThat(query("SELECT count(*) AS n FROM sp500").get(0)).containsEntry("n", 1L);
  }

  @Test
  void aFileWithoutANullableColumnOfTheSchemaLoadsItAsNullAndTheAuditRowSaysSo() throws Exception {
    String schema =
        TestFiles.read("/datasets/sp500-2000.schema.json")
            .replace(
                "{\"name\": \"volume\", \"type\": \"int64\"}",
                "{\"name\": \"volume\", \"type\": \"int64\"}, {\"name\": \"note\", \"type\": \"string\"}");
    HandlerReport report =
        handler(schema, TABLE)
            .handle(
                upload(
                    "incoming/old.csv",
                    "date,open,high,low,close,adjclose,volume\n2000-01-03,1,1,1,1,1,1\n"
                        .getBytes(UTF8)));
    assertThat(report.objects()).extracting(o -> o.status()).containsExactly("success");
    assertThat(query("SELECT note FROM sp500"))
        .extracting(r -> r.get("note"))
        .containsExactly((Object) null);
    assertThat(query("SELECT notes FROM pipeline_loads").get(0))
        .containsEntry("notes", "columns absent from the header, loaded as NULL: [note]");
  }

  /** The items of {@link #TABLE}. */
  private long itemCount() {
    return itemCount(TABLE);
  }

  /** The item of {@code date} in {@link #TABLE}: empty when there is none. */
  private Map<String, AttributeValue> item(String date) {
    return dynamo
        .getItem(b -> b.tableName(TABLE).key(Map.of("date", AttributeValue.fromS(date))))
        .item();
  }

  private static BigDecimal maxHigh() throws Exception {
    return Files.readAllLines(TestFiles.dataset("sp500-2000.csv")).stream()
        .skip(1)
        .map(l -> new BigDecimal(l.split(",")[2]))
        .max(BigDecimal::compareTo)
        .orElseThrow();
  }

  private static long sumVolume() throws Exception {
    return Files.readAllLines(TestFiles.dataset("sp500-2000.csv")).stream()
        .skip(1)
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1)))
        .sum();
  }
}
