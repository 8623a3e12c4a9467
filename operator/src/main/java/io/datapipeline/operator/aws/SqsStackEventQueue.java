package io.datapipeline.operator.aws;

import io.datapipeline.operator.observe.StackEventQueue;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * The bootstrap stack's stack-events queue on SQS: found by its fixed name (GetQueueUrl, asked
 * again after a failure: the bootstrap stack may be created later), read with 20 s long polls.
 */
public final class SqsStackEventQueue implements StackEventQueue {

  static final int WAIT_SECONDS = 20;

  private final Supplier<SqsReader> readers;
  private final String queueName;
  private volatile String url;

  public SqsStackEventQueue(SqsClient sqs, String queueName) {
    this(always(SqsReader.of(sqs)), queueName);
  }

  private static Supplier<SqsReader> always(SqsReader reader) {
    return () -> reader;
  }

  /**
   * @param readers the client and session to read with, asked at each call: any session of the
   *     account in use may read its queue
   */
  public SqsStackEventQueue(Supplier<SqsReader> readers, String queueName) {
    this.readers = readers;
    this.queueName = queueName;
  }

  @Override
  public List<Message> receive() {
    try {
      SqsReader reader = readers.get();
      String queue = url(reader);
      return reader
          .sqs()
          .receiveMessage(
              r ->
                  reader
                      .as()
                      .on(r)
                      .queueUrl(queue)
                      .waitTimeSeconds(WAIT_SECONDS)
                      .maxNumberOfMessages(10))
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
      SqsReader reader = readers.get();
      String queue = url(reader);
      List<DeleteMessageBatchRequestEntry> entries =
          IntStream.range(0, messages.size())
              .mapToObj(
                  i ->
                      DeleteMessageBatchRequestEntry.builder()
                          .id(String.valueOf(i))
                          .receiptHandle(messages.get(i).receiptHandle())
                          .build())
              .toList();
      reader.sqs().deleteMessageBatch(r -> reader.as().on(r).queueUrl(queue).entries(entries));
    } catch (SdkException e) {
      throw AwsErrors.classify("DeleteMessageBatch", e);
    }
  }

  private String url(SqsReader reader) {
    String known = url;
    if (known == null) {
      try {
        known = reader.sqs().getQueueUrl(r -> reader.as().on(r).queueName(queueName)).queueUrl();
      } catch (SdkException e) {
        throw AwsErrors.classify("GetQueueUrl " + queueName, e);
      }
      url = known;
    }
    return known;
  }
}
