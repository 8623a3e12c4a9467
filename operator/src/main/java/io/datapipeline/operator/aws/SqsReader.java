package io.datapipeline.operator.aws;

import software.amazon.awssdk.services.sqs.SqsClient;

/** An SQS client and the credentials of the session reading with it. */
public record SqsReader(SqsClient sqs, SessionCredentials as) {

  /** A client of one session, signing with its own credentials. */
  public static SqsReader of(SqsClient sqs) {
    return new SqsReader(sqs, SessionCredentials.clientDefault());
  }
}
