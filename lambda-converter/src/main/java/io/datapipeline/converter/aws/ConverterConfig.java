package io.datapipeline.converter.aws;

import java.util.Map;

/**
 * The converter's configuration: the Lambda environment the converter stack sets (docs/contracts.md
 * "Converter configuration"). Optional targets are null when not configured: no DYNAMODB_TABLE, no
 * DynamoDB writes; no DB_HOST, no PostgreSQL load.
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
    String dbHost,
    int dbPort,
    String dbName,
    String dbSecretArn,
    String dbReaderSecretArn,
    String dbTable,
    String dbSslMode) {

  public ConverterConfig {
    if ((schemaS3Uri == null) == (schemaJson == null)) {
      throw new IllegalArgumentException(
          "exactly one of SCHEMA_S3_URI and SCHEMA_JSON must be set");
    }
    pipeline = pipeline == null ? "unknown" : pipeline;
    parquetPrefix = prefix(parquetPrefix, "parquet/");
    jsonPrefix = prefix(jsonPrefix, "json/");
    rejectedPrefix = prefix(rejectedPrefix, "rejected/");
    dbName = dbName == null ? "datapipeline" : dbName;
    dbSslMode = dbSslMode == null ? "require" : dbSslMode;
    if (!dbSslMode.equals("require") && !dbSslMode.equals("disable")) {
      throw new IllegalArgumentException(
          "DB_SSL_MODE must be require or disable, not " + dbSslMode);
    }
    if (dbHost != null && (dbTable == null || dbSecretArn == null)) {
      throw new IllegalArgumentException("DB_HOST needs DB_TABLE and DB_SECRET_ARN");
    }
  }

  /** Reads the Lambda environment. */
  public static ConverterConfig fromEnvironment(Map<String, String> env) {
    return new ConverterConfig(
        blankToNull(env.get("PIPELINE")),
        blankToNull(env.get("SCHEMA_S3_URI")),
        blankToNull(env.get("SCHEMA_JSON")),
        blankToNull(env.get("OUTPUT_BUCKET")),
        blankToNull(env.get("PARQUET_PREFIX")),
        blankToNull(env.get("JSON_PREFIX")),
        blankToNull(env.get("REJECTED_PREFIX")),
        blankToNull(env.get("DYNAMODB_TABLE")),
        blankToNull(env.get("DB_HOST")),
        env.get("DB_PORT") == null || env.get("DB_PORT").isBlank()
            ? 5432
            : Integer.parseInt(env.get("DB_PORT").strip()),
        blankToNull(env.get("DB_NAME")),
        blankToNull(env.get("DB_SECRET_ARN")),
        blankToNull(env.get("DB_READER_SECRET_ARN")),
        blankToNull(env.get("DB_TABLE")),
        blankToNull(env.get("DB_SSL_MODE")));
  }

  public boolean loadsPostgres() {
    return dbTable != null;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbName + "?sslmode=" + dbSslMode;
  }

  private static String prefix(String value, String fallback) {
    if (value == null) {
      return fallback;
    }
    return value.isEmpty() || value.endsWith("/") ? value : value + "/";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
