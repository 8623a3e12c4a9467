package io.datapipeline.converter.aws;

import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.RejectSink;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.dynamodb.DynamoDbSink;
import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.load.Destinations;
import io.datapipeline.converter.load.FileTargets;
import io.datapipeline.converter.load.Removal;
import io.datapipeline.converter.load.Removals;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.postgres.PostgresDestination;
import io.datapipeline.converter.postgres.PostgresRemoval;
import io.datapipeline.converter.s3.S3Outputs;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.sink.CsvRejectSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda's sinks for one object: Parquet and JSON Lines in S3, rejects in S3, items in DynamoDB
 * when a table is configured, rows in PostgreSQL when a database is.
 */
final class LambdaDestinations implements Destinations, Removals {

  private final S3Outputs outputs;
  private final DynamoDbClient dynamo;
  private final String dynamoDbTable;
  private final int dynamoDbMaxConcurrency;
  private final PostgresDestination postgres;

  /** {@code dynamoDbTable} and {@code postgres} are null when not configured. */
  LambdaDestinations(
      S3Outputs outputs,
      DynamoDbClient dynamo,
      String dynamoDbTable,
      int dynamoDbMaxConcurrency,
      PostgresDestination postgres) {
    this.outputs = outputs;
    this.dynamo = dynamo;
    this.dynamoDbTable = dynamoDbTable;
    this.dynamoDbMaxConcurrency = dynamoDbMaxConcurrency;
    this.postgres = postgres;
  }

  @Override
  public void prepare(Schema schema) throws Exception {
    if (postgres != null) {
      postgres.prepare(schema);
    }
  }

  /**
   * A deleted object's removal: DynamoDB items by the keys PostgreSQL holds for the object, the S3
   * outputs, then the rows with the audit row at the commit. PostgreSQL is needed: it is the index
   * of what each object loaded.
   */
  @Override
  public Removal open(SourceFile source, Schema schema) throws Exception {
    if (postgres == null) {
      throw new IllegalStateException(
          "removing the rows of a deleted object needs PostgreSQL (DB_TABLE): it records which"
              + " rows and items each object loaded");
    }
    PostgresRemoval rows = postgres.openRemoval(source, schema);
    return new Removal() {
      @Override
      public String loadedVersion() throws Exception {
        return rows.loadedVersion();
      }

      @Override
      public boolean alreadyProcessed() throws Exception {
        return rows.alreadyRemoved(source.version(), source.sequencer());
      }

      @Override
      public long removeAll(LongFunction<AuditEntry> audit) throws Exception {
        if (dynamoDbTable != null) {
          DynamoDbSink items =
              new DynamoDbSink(dynamo, dynamoDbTable, schema, source.key(), source.version(), 1);
          try {
            rows.forEachKey(items::deleteDropped); // only items still this object's
          } finally {
            items.abort();
          }
        }
        outputs.deleteOutputs(source);
        return rows.deleteAndCommit(audit);
      }

      @Override
      public void abort() {
        rows.abort();
      }
    };
  }

  @Override
  public FileTargets open(
      SourceFile source, Schema schema, Instant started, Supplier<AuditEntry> successAudit)
      throws Exception {
    CsvRejectSink rejects = outputs.rejects(source);
    List<RowSink> sinks = new ArrayList<>();
    DynamoDbSink items = null;
    try {
      sinks.add(outputs.parquet(source, schema));
      sinks.add(outputs.json(source, schema));
      if (dynamoDbTable != null) {
        items =
            new DynamoDbSink(
                dynamo,
                dynamoDbTable,
                schema,
                source.key(),
                source.version(),
                dynamoDbMaxConcurrency);
        if (postgres != null) {
          items.trackingTouchedKeys(); // a failed load restores them from PostgreSQL
        }
        sinks.add(items);
      }
      if (postgres != null) {
        // PostgreSQL knows which rows the previous version had: DynamoDB drops the ones now gone.
        DynamoDbSink follower = items;
        DroppedKeys dropped = follower == null ? DroppedKeys.NONE : follower::deleteDropped;
        sinks.add(postgres.open(source, schema, started, successAudit, dropped));
      }
    } catch (Exception e) {
      sinks.forEach(RowSink::abort);
      rejects.abort();
      throw e;
    }
    DynamoDbSink writtenItems = items;
    return new FileTargets() {
      @Override
      public List<RowSink> sinks() {
        return sinks;
      }

      @Override
      public RejectSink rejects() {
        return rejects;
      }

      @Override
      public void published(ConversionResult result) {
        if (writtenItems != null) {
          writtenItems.release();
        }
        if (rejects.count() == 0) {
          outputs.dropStaleRejects(source);
        }
      }

      @Override
      public void undo() throws Exception {
        if (writtenItems != null && postgres != null) {
          writtenItems.undo(postgres.committedRows(schema, source));
        }
      }
    };
  }
}
