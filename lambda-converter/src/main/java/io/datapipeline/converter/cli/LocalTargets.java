package io.datapipeline.converter.cli;

import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.schema.Schema;
import java.util.List;

/** The optional PostgreSQL and DynamoDB targets of {@code convert}, opened from its flags. */
final class LocalTargets implements AutoCloseable {

  private LocalTargets() {}

  static LocalTargets open(
      String jdbcUrl,
      String jdbcUser,
      String table,
      String dynamoDbEndpoint,
      String dynamoDbTable,
      String region) {
    if (jdbcUrl != null || dynamoDbTable != null) {
      throw new IllegalArgumentException("--jdbc-url and --dynamodb-table are not available yet");
    }
    return new LocalTargets();
  }

  List<RowSink> sinks(Schema schema, String sourceKey) {
    return List.of();
  }

  @Override
  public void close() {}
}
