package io.datapipeline.converter;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;

/**
 * The message an asynchronous invocation's on-failure destination receives, in Lambda's own shape
 * ({@code version}, {@code timestamp}, {@code requestContext}, {@code requestPayload}, {@code
 * responseContext}, {@code responsePayload}), so whoever reads the failure queue reads one format
 * whether Lambda sent the record (condition {@code RetriesExhausted}, {@code EventAgeExceeded}) or
 * the converter did for a file that can never load (condition {@code PermanentFailure}). The
 * sandbox's Lambda stand-in builds its records here too.
 */
public final class OnFailureRecord {
  /** Set by the converter: the file can never load as it is; not retried. */
  public static final String PERMANENT_FAILURE = "PermanentFailure";

  /** Set by Lambda after the last retry failed. */
  public static final String RETRIES_EXHAUSTED = "RetriesExhausted";

  private static final ObjectMapper JSON = new ObjectMapper();

  private OnFailureRecord() {}

  /**
   * One record.
   *
   * @param requestPayload the event the function was invoked with
   * @param errorType a machine-readable kind ({@code bad_input}, {@code schema_mismatch}, or the
   *     exception's type)
   */
  public static String json(
      Instant timestamp,
      String requestId,
      String functionArn,
      String condition,
      int invokeCount,
      JsonNode requestPayload,
      String errorType,
      String errorMessage) {
    ObjectNode record = JSON.createObjectNode();
    record.put("version", "1.0");
    record.put("timestamp", timestamp.toString());
    ObjectNode request = record.putObject("requestContext");
    request.put("requestId", requestId);
    request.put("functionArn", functionArn);
    request.put("condition", condition);
    request.put("approximateInvokeCount", invokeCount);
    record.set("requestPayload", requestPayload);
    ObjectNode response = record.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    response.put("functionError", PERMANENT_FAILURE.equals(condition) ? "Handled" : "Unhandled");
    ObjectNode payload = record.putObject("responsePayload");
    payload.put("errorType", errorType);
    payload.put("errorMessage", errorMessage);
    return record.toString();
  }

  /** Parses an event's JSON (the sandbox has it as text). */
  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The S3 event of one record, as S3 sent it in what matters for a redrive (bucket, key as sent,
   * URL-encoded; size, ETag, version, sequencer; region, time, name).
   */
  static JsonNode eventOf(S3EventNotificationRecord record) {
    ObjectNode event = JSON.createObjectNode();
    ObjectNode r = event.putArray("Records").addObject();
    r.put("eventVersion", record.getEventVersion());
    r.put("eventSource", record.getEventSource());
    r.put("awsRegion", record.getAwsRegion());
    r.put(
        "eventTime",
        record.getEventTime() == null
            ? null
            : Instant.ofEpochMilli(record.getEventTime().getMillis()).toString());
    r.put("eventName", record.getEventName());
    ObjectNode s3 = r.putObject("s3");
    s3.put("s3SchemaVersion", record.getS3().getS3SchemaVersion());
    s3.put("configurationId", record.getS3().getConfigurationId());
    ObjectNode bucket = s3.putObject("bucket");
    bucket.put("name", record.getS3().getBucket().getName());
    bucket.put("arn", record.getS3().getBucket().getArn());
    var o = record.getS3().getObject();
    ObjectNode object = s3.putObject("object");
    object.put("key", o.getKey());
    object.put("size", o.getSizeAsLong());
    object.put("eTag", o.geteTag());
    if (o.getVersionId() != null) {
      object.put("versionId", o.getVersionId());
    }
    object.put("sequencer", o.getSequencer());
    return event;
  }
}
