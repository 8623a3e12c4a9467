package io.datapipeline.converter.cli;

import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.dynamodb.DynamoDbDestination;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.postgres.PostgresCopySink;
import io.datapipeline.converter.postgres.PostgresTables;
import io.datapipeline.converter.schema.Schema;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The optional PostgreSQL and DynamoDB targets of {@code convert}, opened from its flags: the same
 * sinks the Lambda uses (table created when absent, upsert by primary key, lineage columns). {@code
 * connection} (with {@code table}) and {@code items} are null when their flags are not given.
 */
record LocalTargets(Connection connection, String table, DynamoDbDestination items)
    implements AutoCloseable {

  /** The CLI's DynamoDB requests in flight (the Lambda's come from its configuration). */
  private static final int DYNAMODB_CONCURRENCY = 4;

  static LocalTargets open(
      String jdbcUrl,
      String jdbcUser,
      String table,
      String dynamoDbEndpoint,
      String dynamoDbTable,
      String region)
      throws SQLException {
    if ((jdbcUrl == null) != (table == null)) {
      throw new IllegalArgumentException("--jdbc-url and --table go together");
    }
    Connection connection = null;
    if (jdbcUrl != null) {
      Properties properties = new Properties();
      String user = jdbcUser != null ? jdbcUser : System.getenv("PGUSER");
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (System.getenv("PGPASSWORD") != null) {
        properties.setProperty("password", System.getenv("PGPASSWORD"));
      }
      connection = DriverManager.getConnection(jdbcUrl, properties);
    }
    DynamoDbDestination items = null;
    if (dynamoDbTable != null) {
      var builder =
          DynamoDbClient.builder()
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .region(Region.of(region));
      if (dynamoDbEndpoint != null) {
        builder.endpointOverride(URI.create(dynamoDbEndpoint));
      }
      items = new DynamoDbDestination(builder.build(), dynamoDbTable, DYNAMODB_CONCURRENCY);
    }
    return new LocalTargets(connection, table, items);
  }

  /** Before the file: the PostgreSQL table exists and takes this schema. */
  void prepare(Schema schema) throws SQLException {
    if (connection != null) {
      PostgresTables.ensure(connection, schema, table);
    }
  }

  /** Sinks for one file; the source's key is the lineage key (the input path). */
  List<RowSink> sinks(Schema schema, SourceFile source, Instant started) throws SQLException {
    List<RowSink> sinks = new ArrayList<>();
    if (items != null) {
      sinks.add(items.open(schema, source));
    }
    if (connection != null) {
      // pipeline_loads records the pipeline's S3 objects; a local file is not one of them.
      sinks.add(
          new PostgresCopySink(
              connection,
              schema,
              table,
              PostgresCopySink.Lineage.of(source, started),
              c -> {},
              DroppedKeys.NONE,
              PostgresCopySink.Staging.ON_KEY_CONFLICT));
    }
    return sinks;
  }

  @Override
  public void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
    if (items != null) {
      items.dynamo().close();
    }
  }
}
