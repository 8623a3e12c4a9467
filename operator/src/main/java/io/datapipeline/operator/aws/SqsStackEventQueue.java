package io.datapipeline.operator.aws;

import io.datapipeline.operator.observe.StackEventQueue;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * The bootstrap stack's stack-events queue on SQS: found by its fixed name (GetQueueUrl, asked
 * again after a failure: the bootstrap stack may be created later), read with 20 s long polls.
 */
public final class SqsStackEventQueue implements StackEventQueue {

  static final int WAIT_SECONDS = 20;

  private final Supplier<SqsClient> clients;
  private final String queueName;
  private volatile String url;

  public SqsStackEventQueue(SqsClient sqs, String queueName) {
    this(() -> sqs, queueName);
  }

  /**
   * @param clients the client to read with, asked at each call: any session of the account in use
   *     may read its queue
   */
  public SqsStackEventQueue(Supplier<SqsClient> clients, String queueName) {
    this.clients = clients;
    this.queueName = queueName;
  }

  @Override
  public List<Message> receive() {
    try {
      SqsClient sqs = clients.get();
      String queue = url(sqs);
      return sqs
          .receiveMessage(
              r -> r.queueUrl(queue).waitTimeSeconds(WAIT_SECONDS).maxNumberOfMessages(10))
          .messages()
          .stream()
          .map(m -> new Message(m.receiptHandle(), m.body()))
          .toList();
    } catch (SdkException e) {
      url = null; // deleted and re-created, or never there: look it up again next time
      throw AwsErrors.classify("ReceiveMessage", e);
    }
  }

  @Override
  public void delete(List<Message> messages) {
    if (messages.isEmpty()) {
      return;
    }
    try {
      SqsClient sqs = clients.get();
      String queue = url(sqs);
      List<DeleteMessageBatchRequestEntry> entries =
          java.util.stream.IntStream.range(0, messages.size())
              .mapToObj(
                  i ->
                      DeleteMessageBatchRequestEntry.builder()
                          .id(String.valueOf(i))
                          .receiptHandle(messages.get(i).receiptHandle())
                          .build())
              .toList();
      sqs.deleteMessageBatch(r -> r.queueUrl(queue).entries(entries));
    } catch (SdkException e) {
      throw AwsErrors.classify("DeleteMessageBatch", e);
    }
  }

  private String url(SqsClient sqs) {
    String known = url;
    if (known == null) {
      try {
        known = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
      } catch (SdkException e) {
        throw AwsErrors.classify("GetQueueUrl " + queueName, e);
      }
      url = known;
    }
    return known;
  }
}
