package io.datapipeline.converter.aws;

import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.dynamodb.DynamoDbDestination;
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

/**
 * The Lambda's sinks for one object: Parquet and JSON Lines in S3, rejects in S3, items in DynamoDB
 * when a table is configured, rows in PostgreSQL when a database is. {@code items} and {@code
 * postgres} are null when not configured.
 */
record LambdaDestinations(
    S3Outputs outputs, DynamoDbDestination items, PostgresDestination postgres)
    implements Destinations, Removals {

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
        if (items != null) {
          DynamoDbSink deletes = items.open(schema, source, 1);
          try {
            rows.forEachKey(deletes::deleteDropped); // only items still this object's
          } finally {
            deletes.abort();
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
    DynamoDbSink written = null;
    try {
      sinks.add(outputs.parquet(source, schema));
      sinks.add(outputs.json(source, schema));
      if (items != null) {
        written = items.open(schema, source);
        if (postgres != null) {
          written.trackingTouchedKeys(); // a failed load restores them from PostgreSQL
        }
        sinks.add(written);
      }
      if (postgres != null) {
        // PostgreSQL knows which rows the previous version had: DynamoDB drops the ones now gone.
        DynamoDbSink follower = written;
        DroppedKeys dropped = follower == null ? DroppedKeys.NONE : follower::deleteDropped;
        sinks.add(postgres.open(source, schema, started, successAudit, dropped));
      }
    } catch (Exception e) {
      sinks.forEach(RowSink::abort);
      rejects.abort();
      throw e;
    }
    return new ObjectTargets(this, source, schema, sinks, rejects, written);
  }

  /**
   * One object's sinks. After the load: DynamoDB's touched keys are let go and the rejects of a
   * previous version that no longer apply are deleted; after a failure: the items the load wrote
   * are restored from PostgreSQL's committed rows. {@code written} is null without DynamoDB.
   */
  private record ObjectTargets(
      LambdaDestinations destinations,
      SourceFile source,
      Schema schema,
      List<RowSink> sinks,
      CsvRejectSink rejects,
      DynamoDbSink written)
      implements FileTargets {

    @Override
    public void published(ConversionResult result) {
      if (written != null) {
        written.release();
      }
      if (rejects.count() == 0) {
        destinations.outputs().dropStaleRejects(source);
      }
    }

    @Override
    public void undo() throws Exception {
      if (written != null && destinations.postgres() != null) {
        written.undo(destinations.postgres().committedRows(schema, source));
      }
    }
  }
}
