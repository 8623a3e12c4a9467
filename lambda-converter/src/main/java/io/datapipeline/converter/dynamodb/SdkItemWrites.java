package io.datapipeline.converter.dynamodb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link ItemWrites} through the SDK's DynamoDB client. */
final class SdkItemWrites implements ItemWrites {

  private final DynamoDbClient dynamo;

  SdkItemWrites(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  @Override
  public List<WriteRequest> batchWrite(String table, List<WriteRequest> requests) {
    Map<String, List<WriteRequest>> unprocessed =
        dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, requests))).unprocessedItems();
    List<WriteRequest> left = unprocessed == null ? null : unprocessed.get(table);
    return left == null ? List.of() : left;
  }

  @Override
  public boolean deleteIfMatches(
      String table, Map<String, AttributeValue> key, Map<String, AttributeValue> expected) {
    StringBuilder condition = new StringBuilder();
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    int i = 0;
    for (Map.Entry<String, AttributeValue> e : expected.entrySet()) {
      if (i > 0) {
        condition.append(" AND ");
      }
      condition.append("#a").append(i).append(" = :v").append(i);
      names.put("#a" + i, e.getKey());
      values.put(":v" + i, e.getValue());
      i++;
    }
    try {
      dynamo.deleteItem(
          b ->
              b.tableName(table)
                  .key(key)
                  .conditionExpression(condition.toString())
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException notMatching) {
      return false;
    }
  }
}
