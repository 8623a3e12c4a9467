package io.datapipeline.testsupport;

import io.datapipeline.testsupport.MotoExtension.MotoAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

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
}
