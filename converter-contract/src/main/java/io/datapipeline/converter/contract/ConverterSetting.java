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
          + " DynamoDB throttles and back off to 70% when it does (docs/contracts.md \"DynamoDB write"
          + " concurrency\"); this caps them whatever the table would take"),
  DB_HOST(null, "PostgreSQL host; needs `DB_TABLE` and `DB_SECRET_ARN`"),
  DB_PORT("5432", "PostgreSQL port"),
  DB_NAME("datapipeline", "PostgreSQL database"),
  DB_SECRET_ARN(null, "RDS-managed master secret, JSON `{\"username\": ..., \"password\": ...}`"),
  DB_READER_SECRET_ARN(
      null,
      "secret `{\"username\": \"grafana_reader\", \"password\": ...}`: the converter"
          + " creates/updates this read-only role and grants it SELECT"),
  DB_TABLE(
      null,
      "the data table (lower case letters, digits, `_`, not `pipeline_loads`: the converter"
          + " refuses to start otherwise); unset: no PostgreSQL load"),
  DB_SSL_MODE(
      "verify-full",
      "`verify-full` (TLS, the server's certificate checked against `DB_SSL_ROOT_CERT` and its"
          + " host name), `require` (TLS, the certificate not checked: only where no CA bundle can"
          + " be had) or `disable` (no TLS: the sandbox's loopback database, set explicitly)"),
  DB_SSL_ROOT_CERT(
      "/opt/datapipeline/rds-ca/global-bundle.pem",
      "the CA bundle `verify-full` checks the server against; the converter image ships RDS's"
          + " global bundle there, and the converter refuses to start when the file is missing"),
  FAILURE_QUEUE_URL(
      null,
      "the failure queue (the function's on-failure destination): a file that can never load"
          + " (bad input, a schema the table cannot take) is audited once and sent here by the"
          + " converter, and the invocation succeeds so Lambda does not retry it; unset: such a"
          + " file fails the invocation like any other"),
  ON_DELETE(
      "Keep",
      "`spec.ingest.onDelete`: `RemoveRows` makes an `ObjectRemoved` event remove the object's"
          + " rows, items and outputs; `Keep` ignores such events"),
  SPLIT_QUEUE_URL(
      null,
      "the split queue (docs/contracts.md \"Large files\"): an object of `SPLIT_THRESHOLD_BYTES` or"
          + " more is cut into row-aligned byte ranges, one message each, which the queue's event"
          + " source mapping hands to this same function; unset: every file loads in one"
          + " invocation"),
  SPLIT_THRESHOLD_BYTES(
      "268435456",
      "the size from which an object is split (needs `SPLIT_QUEUE_URL` and PostgreSQL, the"
          + " split's commit point); smaller files load in one invocation as before"),
  SPLIT_PART_BYTES(
      "134217728",
      "about how many bytes each range of a split object holds (cut at the next record end)");

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
