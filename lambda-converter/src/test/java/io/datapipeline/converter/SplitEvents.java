package io.datapipeline.converter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The events the function's entry point is given for a split load, as AWS sends them: the bucket's
 * {@code ObjectCreated:Put} record, and the split queue's message as the event source mapping
 * delivers it (its receive count in the attributes).
 */
public final class SplitEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SplitEvents() {}

  /** An S3 event of one uploaded object ({@code etag} as S3 returns it, quotes and all). */
  public static String objectCreated(
      String bucket, String key, long size, String etag, String sequencer) {
    ObjectNode record = JSON.createObjectNode();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", "eu-west-1");
    record.put("eventTime", "2024-05-01T12:34:56.789Z");
    record.put("eventName", "ObjectCreated:Put");
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", "datapipeline-ingest");
    s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
    s3.putObject("object")
        .put("key", key.replace(" ", "+"))
        .put("size", size)
        .put("eTag", etag.replace("\"", ""))
        .put("sequencer", sequencer);
    ObjectNode event = JSON.createObjectNode();
    event.putArray("Records").add(record);
    return event.toString();
  }

  /** The SQS event of one split queue message, delivered for the {@code receiveCount}th time. */
  public static String partMessage(Message message, int receiveCount) {
    ObjectNode record = JSON.createObjectNode();
    record.put("messageId", message.messageId());
    record.put("receiptHandle", message.receiptHandle());
    record.put("body", message.body());
    record.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(receiveCount));
    record.putObject("messageAttributes");
    record.put("eventSource", "aws:sqs");
    record.put("eventSourceARN", "arn:aws:sqs:eu-west-1:123456789012:split");
    record.put("awsRegion", "eu-west-1");
    ObjectNode event = JSON.createObjectNode();
    event.putArray("Records").add(record);
    return event.toString();
  }
}
