package io.datapipeline.converter.aws;

import static io.datapipeline.converter.contract.ConverterSetting.DB_HOST;
import static io.datapipeline.converter.contract.ConverterSetting.DB_NAME;
import static io.datapipeline.converter.contract.ConverterSetting.DB_PORT;
import static io.datapipeline.converter.contract.ConverterSetting.DB_READER_SECRET_ARN;
import static io.datapipeline.converter.contract.ConverterSetting.DB_SECRET_ARN;
import static io.datapipeline.converter.contract.ConverterSetting.DB_SSL_MODE;
import static io.datapipeline.converter.contract.ConverterSetting.DB_SSL_ROOT_CERT;
import static io.datapipeline.converter.contract.ConverterSetting.DB_TABLE;
import static io.datapipeline.converter.contract.ConverterSetting.DYNAMODB_MAX_CONCURRENCY;
import static io.datapipeline.converter.contract.ConverterSetting.DYNAMODB_TABLE;
import static io.datapipeline.converter.contract.ConverterSetting.FAILURE_QUEUE_URL;
import static io.datapipeline.converter.contract.ConverterSetting.JSON_PREFIX;
import static io.datapipeline.converter.contract.ConverterSetting.ON_DELETE;
import static io.datapipeline.converter.contract.ConverterSetting.OUTPUT_BUCKET;
import static io.datapipeline.converter.contract.ConverterSetting.PARQUET_PREFIX;
import static io.datapipeline.converter.contract.ConverterSetting.PIPELINE;
import static io.datapipeline.converter.contract.ConverterSetting.REJECTED_PREFIX;
import static io.datapipeline.converter.contract.ConverterSetting.SCHEMA_JSON;
import static io.datapipeline.converter.contract.ConverterSetting.SCHEMA_S3_URI;
import static io.datapipeline.converter.contract.ConverterSetting.SPLIT_PART_BYTES;
import static io.datapipeline.converter.contract.ConverterSetting.SPLIT_QUEUE_URL;
import static io.datapipeline.converter.contract.ConverterSetting.SPLIT_THRESHOLD_BYTES;

import io.datapipeline.converter.contract.ConverterSetting;
import io.datapipeline.converter.postgres.PostgresTables;
import io.datapipeline.converter.s3.OutputLayout;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The converter's configuration: the Lambda environment the converter stack sets, by the names and
 * defaults of {@link ConverterSetting} (docs/contracts.md "Converter configuration"). Optional
 * targets are null when not configured: no DYNAMODB_TABLE, no DynamoDB writes; no DB_TABLE, no
 * PostgreSQL load.
 */
public record ConverterConfig(
    String pipeline,
    String schemaS3Uri,
    String schemaJson,
    String outputBucket,
    String parquetPrefix,
    String jsonPrefix,
    String rejectedPrefix,
    String dynamoDbTable,
    int dynamoDbMaxConcurrency,
    String dbHost,
    int dbPort,
    String dbName,
    String dbSecretArn,
    String dbReaderSecretArn,
    String dbTable,
    String dbSslMode,
    String dbSslRootCert,
    String failureQueueUrl,
    String onDelete,
    String splitQueueUrl,
    long splitThresholdBytes,
    long splitPartBytes) {

  /** The TLS modes the converter accepts, strictest first (docs/contracts.md). */
  public static final List<String> SSL_MODES = List.of("verify-full", "require", "disable");

  public ConverterConfig {
    if ((schemaS3Uri == null) == (schemaJson == null)) {
      throw new IllegalArgumentException(
          "exactly one of " + SCHEMA_S3_URI + " and " + SCHEMA_JSON + " must be set");
    }
    pipeline = orDefault(pipeline, PIPELINE);
    parquetPrefix = prefix(orDefault(parquetPrefix, PARQUET_PREFIX));
    jsonPrefix = prefix(orDefault(jsonPrefix, JSON_PREFIX));
    rejectedPrefix = prefix(orDefault(rejectedPrefix, REJECTED_PREFIX));
    dbName = orDefault(dbName, DB_NAME);
    dbSslMode = orDefault(dbSslMode, DB_SSL_MODE);
    dbSslRootCert = orDefault(dbSslRootCert, DB_SSL_ROOT_CERT);
    if (!SSL_MODES.contains(dbSslMode)) {
      throw new IllegalArgumentException(
          DB_SSL_MODE + " must be one of " + SSL_MODES + ", not '" + dbSslMode + "'");
    }
    onDelete = orDefault(onDelete, ON_DELETE);
    if (!onDelete.equals("Keep") && !onDelete.equals("RemoveRows")) {
      throw new IllegalArgumentException(
          ON_DELETE + " must be Keep or RemoveRows, not " + onDelete);
    }
    if (dynamoDbMaxConcurrency < 1 || dynamoDbMaxConcurrency > 256) {
      throw new IllegalArgumentException(
          DYNAMODB_MAX_CONCURRENCY + " must be 1 to 256, not " + dynamoDbMaxConcurrency);
    }
    if (dbHost != null && (dbTable == null || dbSecretArn == null)) {
      throw new IllegalArgumentException(DB_HOST + " needs " + DB_TABLE + " and " + DB_SECRET_ARN);
    }
    if (dbTable != null) {
      PostgresTables.validateName(dbTable); // at start, naming DB_TABLE: not on every file
    }
    if (splitPartBytes < 1 || splitThresholdBytes < 1) {
      throw new IllegalArgumentException(
          SPLIT_PART_BYTES + " and " + SPLIT_THRESHOLD_BYTES + " must be positive");
    }
  }

  /** Reads the Lambda environment. */
  public static ConverterConfig fromEnvironment(Map<String, String> env) {
    String port = DB_PORT.read(env);
    return new ConverterConfig(
        PIPELINE.read(env),
        SCHEMA_S3_URI.read(env),
        SCHEMA_JSON.read(env),
        OUTPUT_BUCKET.read(env),
        PARQUET_PREFIX.read(env),
        JSON_PREFIX.read(env),
        REJECTED_PREFIX.read(env),
        DYNAMODB_TABLE.read(env),
        integer(DYNAMODB_MAX_CONCURRENCY, env),
        DB_HOST.read(env),
        Integer.parseInt(port.strip()),
        DB_NAME.read(env),
        DB_SECRET_ARN.read(env),
        DB_READER_SECRET_ARN.read(env),
        DB_TABLE.read(env),
        DB_SSL_MODE.read(env),
        DB_SSL_ROOT_CERT.read(env),
        FAILURE_QUEUE_URL.read(env),
        ON_DELETE.read(env),
        SPLIT_QUEUE_URL.read(env),
        whole(SPLIT_THRESHOLD_BYTES, env),
        whole(SPLIT_PART_BYTES, env));
  }

  /** Where each object's outputs go. */
  public OutputLayout outputLayout() {
    return new OutputLayout(outputBucket, parquetPrefix, jsonPrefix, rejectedPrefix);
  }

  /** Whether large objects are split (a queue to fan out to, PostgreSQL to commit in). */
  public boolean splitsLargeFiles() {
    return splitQueueUrl != null && loadsPostgres();
  }

  /** Whether an ObjectRemoved event removes the object's rows, items and outputs. */
  public boolean removesRows() {
    return onDelete.equals("RemoveRows");
  }

  public boolean loadsPostgres() {
    return dbTable != null;
  }

  public String jdbcUrl() {
    String url =
        "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbName + "?sslmode=" + dbSslMode;
    if (dbSslMode.equals("verify-full")) {
      url += "&sslrootcert=" + URLEncoder.encode(dbSslRootCert, StandardCharsets.UTF_8);
    }
    return url;
  }

  /**
   * Refuses to start when {@code verify-full} has no CA bundle to verify with: a missing file would
   * otherwise fail every file's load with a TLS error, or tempt someone to weaken the mode.
   */
  public void checkTrustStore() {
    if (loadsPostgres()
        && dbSslMode.equals("verify-full")
        && !Files.isReadable(Path.of(dbSslRootCert))) {
      throw new IllegalArgumentException(
          DB_SSL_ROOT_CERT
              + " '"
              + dbSslRootCert
              + "' is not a readable file: "
              + DB_SSL_MODE
              + "=verify-full needs the CA bundle of the database's certificates (the converter"
              + " image ships RDS's at the default path)");
    }
  }

  private static int integer(ConverterSetting setting, Map<String, String> env) {
    long value = whole(setting, env);
    if (value != (int) value) {
      throw new IllegalArgumentException(setting + " is out of range: " + value);
    }
    return (int) value;
  }

  private static long whole(ConverterSetting setting, Map<String, String> env) {
    String value = setting.read(env).strip();
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting + " must be a whole number, not '" + value + "'");
    }
  }

  private static String orDefault(String value, ConverterSetting setting) {
    return value != null ? value : setting.defaultValue().orElse(null);
  }

  private static String prefix(String value) {
    return value.isEmpty() || value.endsWith("/") ? value : value + "/";
  }
}
