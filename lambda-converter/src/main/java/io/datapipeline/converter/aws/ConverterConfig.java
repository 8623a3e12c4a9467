package io.datapipeline.converter.aws;

import static io.datapipeline.converter.contract.ConverterSetting.DB_HOST;
import static io.datapipeline.converter.contract.ConverterSetting.DB_NAME;
import static io.datapipeline.converter.contract.ConverterSetting.DB_PORT;
import static io.datapipeline.converter.contract.ConverterSetting.DB_READER_SECRET_ARN;
import static io.datapipeline.converter.contract.ConverterSetting.DB_SECRET_ARN;
import static io.datapipeline.converter.contract.ConverterSetting.DB_SSL_MODE;
import static io.datapipeline.converter.contract.ConverterSetting.DB_TABLE;
import static io.datapipeline.converter.contract.ConverterSetting.DYNAMODB_MAX_CONCURRENCY;
import static io.datapipeline.converter.contract.ConverterSetting.DYNAMODB_TABLE;
import static io.datapipeline.converter.contract.ConverterSetting.JSON_PREFIX;
import static io.datapipeline.converter.contract.ConverterSetting.ON_DELETE;
import static io.datapipeline.converter.contract.ConverterSetting.OUTPUT_BUCKET;
import static io.datapipeline.converter.contract.ConverterSetting.PARQUET_PREFIX;
import static io.datapipeline.converter.contract.ConverterSetting.PIPELINE;
import static io.datapipeline.converter.contract.ConverterSetting.REJECTED_PREFIX;
import static io.datapipeline.converter.contract.ConverterSetting.SCHEMA_JSON;
import static io.datapipeline.converter.contract.ConverterSetting.SCHEMA_S3_URI;

import io.datapipeline.converter.contract.ConverterSetting;
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
    String onDelete) {

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
    if (!dbSslMode.equals("require") && !dbSslMode.equals("disable")) {
      throw new IllegalArgumentException(
          DB_SSL_MODE + " must be require or disable, not " + dbSslMode);
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
        ON_DELETE.read(env));
  }

  /** Whether an ObjectRemoved event removes the object's rows, items and outputs. */
  public boolean removesRows() {
    return onDelete.equals("RemoveRows");
  }

  public boolean loadsPostgres() {
    return dbTable != null;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbName + "?sslmode=" + dbSslMode;
  }

  private static int integer(ConverterSetting setting, Map<String, String> env) {
    String value = setting.read(env).strip();
    try {
      return Integer.parseInt(value);
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
