package io.datapipeline.converter.dynamodb;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The two DynamoDB writes the sink makes, as the sink needs them: a BatchWriteItem into one table
 * and a conditional DeleteItem. {@link #of} is the SDK's; tests and the benchmark put a stand-in
 * with a capacity and a latency behind it.
 */
public interface ItemWrites {

  /**
   * One BatchWriteItem of at most 25 requests into {@code table}; returns the requests DynamoDB
   * left unprocessed (empty when all were written). Throttling surfaces as DynamoDB's exceptions
   * (ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded), unchanged.
   */
  List<WriteRequest> batchWrite(String table, List<WriteRequest> requests);

  /**
   * Deletes the item of {@code key} when it holds every attribute value of {@code expected}; false
   * when it does not (the item stays).
   */
  boolean deleteIfMatches(
      String table, Map<String, AttributeValue> key, Map<String, AttributeValue> expected);

  /** The SDK client's writes. */
  static ItemWrites of(DynamoDbClient client) {
    return new SdkItemWrites(client);
  }
}
