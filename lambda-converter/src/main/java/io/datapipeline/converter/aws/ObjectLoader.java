package io.datapipeline.converter.aws;

import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.postgres.LoadAudit;
import io.datapipeline.converter.postgres.PostgresCopySink;
import io.datapipeline.converter.postgres.PostgresTables;
import io.datapipeline.converter.postgres.ReaderRole;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.JsonLinesSink;
import io.datapipeline.converter.sink.ParquetSink;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Loads one S3 object: the streaming pass into Parquet, JSON Lines, DynamoDB and PostgreSQL, the
 * rejects, the audit row and the metrics line. Holds what lives as long as the Lambda container:
 * the database connection and which DDL was already applied.
 */
final class ObjectLoader {

  /** Where one object came from (the S3 event record, key URL-decoded). */
  record SourceObject(
      String bucket, String key, String versionId, String eTag, long size, Instant eventTime) {
    /** The object version: S3's version id, or the ETag in an unversioned bucket. */
    String version() {
      return versionId != null ? versionId : eTag == null ? "unknown" : eTag;
    }
  }

  /** What happened to one object. */
  record Outcome(String key, String status, long rowsLoaded, long rowsRejected) {}

  private static final int DYNAMODB_LANES = 4;

  private final ConverterConfig config;
  private final S3Client s3;
  private final DynamoDbClient dynamo;
  private final SecretCredentials secrets;
  private final ConnectionSource db;
  private final SchemaSource schemas;
  private final EmfMetrics metrics;
  private final Clock clock;
  private Connection connection;
  private boolean tablesReady;
  private String readerVersionApplied;

  ObjectLoader(
      ConverterConfig config,
      S3Client s3,
      DynamoDbClient dynamo,
      SecretCredentials secrets,
      ConnectionSource db,
      EmfMetrics metrics,
      Clock clock) {
    this.config = config;
    this.s3 = s3;
    this.dynamo = dynamo;
    this.secrets = secrets;
    this.db = db;
    this.schemas = new SchemaSource(config, s3);
    this.metrics = metrics;
    this.clock = clock;
  }

  Outcome load(SourceObject source) throws Exception {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    Connection conn = config.loadsPostgres() ? connection() : null;
    try {
      Schema schema = schemas.get();
      if (conn != null) {
        prepareDatabase(conn, schema);
        if (LoadAudit.alreadyLoaded(conn, source.bucket(), source.key(), source.version())) {
          return new Outcome(source.key(), "skipped", 0, 0); // redelivery of a loaded version
        }
      }
      ConversionResult result = convert(source, schema, conn, started);
      metrics.emit(
          config.pipeline(),
          source.bucket(),
          source.key(),
          new EmfMetrics.FileMetrics(
              true,
              result.rowsLoaded(),
              result.rowsRejected(),
              result.bytesRead(),
              result.parseSeconds(),
              result.seconds(Stage.POSTGRES),
              result.seconds(Stage.DYNAMODB),
              result.seconds(Stage.UPLOAD),
              (System.nanoTime() - t0) / 1e9));
      return new Outcome(source.key(), "success", result.rowsLoaded(), result.rowsRejected());
    } catch (Exception e) {
      metrics.emit(
          config.pipeline(),
          source.bucket(),
          source.key(),
          new EmfMetrics.FileMetrics(false, 0, 0, 0, 0, 0, 0, 0, (System.nanoTime() - t0) / 1e9));
      if (conn != null) {
        auditFailure(conn, source, started, e);
      }
      throw e;
    }
  }

  private ConversionResult convert(
      SourceObject source, Schema schema, Connection conn, Instant started) throws Exception {
    String outputBucket = config.outputBucket() != null ? config.outputBucket() : source.bucket();
    String stem = stem(source.key());
    String partition = "dt=" + LocalDate.ofInstant(source.eventTime(), ZoneOffset.UTC) + "/";
    List<RowSink> sinks = new ArrayList<>();
    String rejectsKey = config.rejectedPrefix() + stem + ".csv";
    CsvRejectSink rejects =
        new CsvRejectSink(() -> new S3MultipartOutput(s3, outputBucket, rejectsKey, "text/csv"));
    AtomicReference<ConversionResult> result = new AtomicReference<>();
    try {
      sinks.add(
          new ParquetSink(
              schema,
              new S3MultipartOutput(
                  s3,
                  outputBucket,
                  config.parquetPrefix() + partition + stem + ".parquet",
                  "application/vnd.apache.parquet"),
              CompressionCodecName.SNAPPY));
      sinks.add(
          new JsonLinesSink(
              schema,
              new S3MultipartOutput(
                  s3,
                  outputBucket,
                  config.jsonPrefix() + partition + stem + ".jsonl",
                  "application/x-ndjson")));
      if (config.dynamoDbTable() != null) {
        sinks.add(
            new DynamoDbSink(
                dynamo,
                config.dynamoDbTable(),
                schema,
                source.key(),
                source.version(),
                DYNAMODB_LANES));
      }
      if (conn != null) {
        sinks.add(
            new PostgresCopySink(
                conn,
                schema,
                config.dbTable(),
                source.key(),
                source.version(),
                started,
                c -> {
                  ConversionResult r = result.get();
                  LoadAudit.insert(
                      c,
                      new LoadAudit.Entry(
                          source.bucket(),
                          source.key(),
                          source.version(),
                          "success",
                          r.rowsLoaded(),
                          r.rowsRejected(),
                          r.bytesRead(),
                          started,
                          clock.instant(),
                          null));
                }));
      }
      try (InputStream in = openObject(source)) {
        result.set(new CsvConverter(schema).convert(in, sinks, rejects));
      }
      Sinks.finishAll(sinks, rejects);
      if (conn != null) {
        conn.setAutoCommit(true); // after the commit: nothing open to be committed by this
      }
    } catch (Exception e) {
      Sinks.abortAll(sinks, rejects); // rolls the PostgreSQL transaction back
      throw e;
    }
    if (rejects.count() == 0) {
      // A previous version of this object may have left rejects that no longer apply.
      s3.deleteObject(b -> b.bucket(outputBucket).key(rejectsKey));
    }
    return result.get();
  }

  private InputStream openObject(SourceObject source) {
    return s3.getObject(
        b -> {
          b.bucket(source.bucket()).key(source.key());
          if (source.versionId() != null) {
            b.versionId(source.versionId());
          }
        });
  }

  private void prepareDatabase(Connection conn, Schema schema) throws SQLException {
    if (!tablesReady) {
      PostgresTables.ensure(conn, schema, config.dbTable());
      tablesReady = true;
    }
    if (config.dbReaderSecretArn() != null) {
      SecretCredentials.Credentials reader = secrets.get(config.dbReaderSecretArn());
      String version = reader.versionId() + "/" + reader.username();
      if (!version.equals(readerVersionApplied)) {
        ReaderRole.ensure(conn, reader.username(), reader.password(), config.dbTable());
        readerVersionApplied = version;
      }
    }
  }

  private void auditFailure(Connection conn, SourceObject source, Instant started, Exception e) {
    try {
      conn.rollback();
      conn.setAutoCommit(true);
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LoadAudit.insert(
          conn,
          new LoadAudit.Entry(
              source.bucket(),
              source.key(),
              source.version(),
              "failed",
              0,
              0,
              source.size(),
              started,
              clock.instant(),
              message.length() > 4000 ? message.substring(0, 4000) : message));
    } catch (SQLException auditError) {
      e.addSuppressed(auditError);
      closeConnection();
    }
  }

  /** One connection per container, reopened when it broke. */
  private Connection connection() throws SQLException {
    if (connection != null) {
      try {
        if (connection.isValid(5)) {
          return connection;
        }
      } catch (SQLException ignored) {
        // reopen below
      }
      closeConnection();
    }
    connection = db.open();
    connection.setAutoCommit(true);
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already broken
      }
      connection = null;
    }
  }

  /** The object key without its .csv suffix: outputs are named after it. */
  static String stem(String key) {
    return key.toLowerCase(Locale.ROOT).endsWith(".csv") ? key.substring(0, key.length() - 4) : key;
  }

  static Duration secretTtl() {
    return Duration.ofMinutes(15);
  }
}
