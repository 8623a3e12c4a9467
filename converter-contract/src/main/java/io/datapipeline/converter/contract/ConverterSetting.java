package io.datapipeline.converter.contract;

import java.util.Map;
import java.util.Optional;

/**
 * The converter's environment, declared once (docs/contracts.md "Converter configuration"): the
 * converter reads each variable by this name and falls back to this default; the operator's
 * converter template writes the function's environment with these names. A test keeps the table in
 * docs/contracts.md equal to this declaration.
 */
public enum ConverterSetting {
  PIPELINE("unknown", "`<namespace>/<name>`, the metrics dimension"),
  SCHEMA_S3_URI(
      null,
      "`s3://<artifacts bucket>/schemas/<namespace>/<name>/<sha256>.json`: the `spec.schema` JSON"
          + " (Lambda's 4 KB environment limit cannot hold 200 columns; the operator uploads it"
          + " before deploying the converter stack); exactly one of it and `SCHEMA_JSON`"),
  SCHEMA_JSON(null, "the schema inline instead (local runs, tests)"),
  OUTPUT_BUCKET(null, "where outputs go; unset: the bucket of the event"),
  PARQUET_PREFIX("parquet/", "key prefix of the Parquet outputs"),
  JSON_PREFIX("json/", "key prefix of the JSON Lines outputs"),
  REJECTED_PREFIX("rejected/", "key prefix of the rejected rows"),
  DYNAMODB_TABLE(null, "the DynamoDB table; unset: no DynamoDB writes"),
  DYNAMODB_MAX_CONCURRENCY(
      "32",
      "the most BatchWriteItem requests in flight per file: the writers start at 4, grow until"
          + " DynamoDB throttles and halve when it does (docs/contracts.md \"DynamoDB write"
          + " concurrency\"); this caps them whatever the table would take"),
  DB_HOST(null, "PostgreSQL host; needs `DB_TABLE` and `DB_SECRET_ARN`"),
  DB_PORT("5432", "PostgreSQL port"),
  DB_NAME("datapipeline", "PostgreSQL database"),
  DB_SECRET_ARN(null, "RDS-managed master secret, JSON `{\"username\": ..., \"password\": ...}`"),
  DB_READER_SECRET_ARN(
      null,
      "secret `{\"username\": \"grafana_reader\", \"password\": ...}`: the converter"
          + " creates/updates this read-only role and grants it SELECT"),
  DB_TABLE(null, "the data table; unset: no PostgreSQL load"),
  DB_SSL_MODE("require", "`require` or `disable` (sandbox)"),
  ON_DELETE(
      "Keep",
      "`spec.ingest.onDelete`: `RemoveRows` makes an `ObjectRemoved` event remove the object's"
          + " rows, items and outputs; `Keep` ignores such events");

  private final String defaultValue;
  private final String description;

  ConverterSetting(String defaultValue, String description) {
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The environment variable's name. */
  public String variable() {
    return name();
  }

  /** The value used when the variable is unset or blank; empty when there is none. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** What the variable means (Markdown, as in docs/contracts.md). */
  public String description() {
    return description;
  }

  /** This variable's value in {@code environment}, or its default; null when neither is set. */
  public String read(Map<String, String> environment) {
    String value = environment.get(variable());
    return value == null || value.isBlank() ? defaultValue : value;
  }
}
