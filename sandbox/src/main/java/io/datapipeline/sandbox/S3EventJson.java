package io.datapipeline.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The S3 event notification JSON that S3 sends a Lambda function for a new object (event version
 * 2.1, {@code ObjectCreated:Put}), byte for byte in AWS's field names and encodings: the key is
 * URL-encoded with spaces as {@code +}, and {@code versionId} appears only for versioned buckets.
 */
final class S3EventJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One uploaded object. {@code versionId} is null for an unversioned bucket. */
  record NewObject(
      String region,
      String bucket,
      String key,
      long size,
      String eTag,
      String versionId,
      Instant lastModified) {}

  private S3EventJson() {}

  static String objectCreated(NewObject object, String configurationId) {
    ObjectNode record = JSON.createObjectNode();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", object.region());
    record.put("eventTime", object.lastModified().toString());
    record.put("eventName", "ObjectCreated:Put");
    record.putObject("userIdentity").put("principalId", "AWS:SANDBOX");
    record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
    ObjectNode response = record.putObject("responseElements");
    response.put("x-amz-request-id", sequencer(object).substring(0, 16));
    response.put("x-amz-id-2", "sandbox/" + sequencer(object));
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", configurationId);
    ObjectNode bucket = s3.putObject("bucket");
    bucket.put("name", object.bucket());
    bucket.putObject("ownerIdentity").put("principalId", "SANDBOX");
    bucket.put("arn", "arn:aws:s3:::" + object.bucket());
    ObjectNode o = s3.putObject("object");
    o.put("key", encodeKey(object.key()));
    o.put("size", object.size());
    if (object.eTag() != null) {
      o.put("eTag", object.eTag().replace("\"", ""));
    }
    if (object.versionId() != null) {
      o.put("versionId", object.versionId());
    }
    o.put("sequencer", sequencer(object));
    ObjectNode event = JSON.createObjectNode();
    event.putArray("Records").add(record);
    return event.toString();
  }

  /** S3 encodes keys in events as HTML forms do, but leaves {@code /} as it is. */
  static String encodeKey(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }

  private static String sequencer(NewObject object) {
    long micros = object.lastModified().toEpochMilli() * 1000;
    return HexFormat.of().toHexDigits(micros).toUpperCase(Locale.ROOT);
  }
}
