package io.datapipeline.converter.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The function's failure queue (the queue its on-failure destination names): the converter puts a
 * file that can never load there itself, so Lambda does not spend two retries on it.
 */
public record FailureQueue(SqsClient sqs, String queueUrl) {

  /** Sends one on-failure record (JSON); throws when SQS did not take it. */
  public void send(String recordJson) {
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(recordJson));
  }
}
