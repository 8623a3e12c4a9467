package io.datapipeline.testsupport;

import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Makes in moto the resources the pipeline's stacks would have made, for tests that run the
 * converter without deploying them. The S3 and DynamoDB clients are the caller's (both SDK modules
 * are optional dependencies here).
 */
public final class MotoResources {

  private MotoResources() {}

  /** A bucket in {@link MotoAws#REGION}, where the clients of {@link MotoAws} point. */
  public static void bucket(S3Client s3, String name) {
    s3.createBucket(
        b ->
            b.bucket(name)
                .createBucketConfiguration(c -> c.locationConstraint(MotoAws.REGION.id())));
  }

  /** An on-demand DynamoDB table keyed by one partition attribute of {@code keyType}. */
  public static void onDemandTable(
      DynamoDbClient dynamo, String name, String partitionKey, ScalarAttributeType keyType) {
    dynamo.createTable(
        b ->
            b.tableName(name)
                .billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName(partitionKey).keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName(partitionKey).attributeType(keyType)));
  }

  /**
   * Takes every message off the queue: received (with their system attributes, such as the receive
   * count) and deleted, until a receive finds none.
   */
  public static List<Message> drain(SqsClient sqs, String queueUrl) {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> batch =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (batch.isEmpty()) {
        return all;
      }
      for (Message m : batch) {
        all.add(m);
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
  }
}
