package io.datapipeline.converter.dynamodb;

import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.schema.Schema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The pipeline's DynamoDB table as a destination: one {@link DynamoDbSink} per file, its items
 * tagged with the file's key and version, at most {@code maxConcurrency} BatchWriteItem requests in
 * flight.
 */
public record DynamoDbDestination(DynamoDbClient dynamo, String table, int maxConcurrency) {

  /** The sink of {@code source}'s items. */
  public DynamoDbSink open(Schema schema, SourceFile source) {
    return open(schema, source, maxConcurrency);
  }

  /** The same with at most {@code concurrency} requests in flight. */
  public DynamoDbSink open(Schema schema, SourceFile source, int concurrency) {
    return new DynamoDbSink(dynamo, table, schema, source.key(), source.version(), concurrency);
  }
}
