package io.datapipeline.converter.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.converter.split.PartTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The split queue ({@code SPLIT_QUEUE_URL}): one message per part of a split object, delivered by
 * the queue's event source mapping to the same function, one message per invocation.
 */
public final class PartQueue {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SQS_BATCH = 10;

  private final SqsClient sqs;
  private final String queueUrl;

  public PartQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /** Sends the tasks, ten per request; throws when SQS did not take one of them. */
  public void send(List<PartTask> tasks) {
    for (int from = 0; from < tasks.size(); from += SQS_BATCH) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (PartTask task : tasks.subList(from, Math.min(tasks.size(), from + SQS_BATCH))) {
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(task.part()))
                .messageBody(body(task))
                .build());
      }
      SendMessageBatchResponse response =
          sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      if (!response.failed().isEmpty()) {
        throw new IllegalStateException(
            "the split queue refused parts " + response.failed() + " of " + tasks.get(0).key());
      }
    }
  }

  public static String body(PartTask task) {
    ObjectNode body = JSON.createObjectNode();
    body.put("split", task.split());
    body.put("part", task.part());
    body.put("bucket", task.bucket());
    body.put("key", task.key());
    body.put("version", task.version());
    return body.toString();
  }

  /** A message body back into its task; a message that is not one names what it lacks. */
  public static PartTask parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.hasNonNull("split") || !node.hasNonNull("part")) {
        throw new IllegalArgumentException(
            "not a part of a split object (no 'split' and 'part'): " + body);
      }
      return new PartTask(
          node.get("split").asLong(),
          node.get("part").asInt(),
          node.path("bucket").asText(null),
          node.path("key").asText(null),
          node.path("version").asText(null));
    } catch (IOException e) {
      throw new IllegalArgumentException("a split queue message is not JSON: " + body, e);
    }
  }
}
