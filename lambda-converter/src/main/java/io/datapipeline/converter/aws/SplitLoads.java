package io.datapipeline.converter.aws;

import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.LineShift;
import io.datapipeline.converter.core.RejectSink;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.dynamodb.DynamoDbDestination;
import io.datapipeline.converter.dynamodb.DynamoDbSink;
import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.load.AuditTrail;
import io.datapipeline.converter.load.Deadline;
import io.datapipeline.converter.load.FailureReason;
import io.datapipeline.converter.load.LoadOutcome;
import io.datapipeline.converter.load.Precedence;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.postgres.PostgresDestination;
import io.datapipeline.converter.postgres.PostgresSplits;
import io.datapipeline.converter.postgres.PostgresSplits.Part;
import io.datapipeline.converter.s3.PartOutputs;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.split.PartTask;
import io.datapipeline.converter.split.SplitFailedException;
import io.datapipeline.converter.split.SplitPlan;
import io.datapipeline.converter.split.SplitPlanner;
import io.datapipeline.converter.sqs.PartQueue;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Objects too large for one invocation (docs/contracts.md "Large files"): the invocation of the S3
 * event scans the object once for record boundaries ({@link SplitPlanner}), records the split in
 * PostgreSQL and sends one message per byte range to the split queue, whose event source mapping
 * invokes this same function per range. A range loads like a file (S3 byte-range GETs of exactly
 * the event's version behind a copy of the header): Parquet and JSON Lines staged in S3, items into
 * DynamoDB, rows into the part's own table. The range that finds every range staged commits the
 * version ({@link PostgresSplits#commitIfComplete}); a range that fails for good (bad input, or its
 * attempts spent) fails the version: its audit row, every range's items restored, staging dropped,
 * and a record on the failure queue. Nothing of a version is visible until all of it is.
 */
record SplitLoads(
    ConverterConfig config, SplitLoads.Clients clients, SplitLoads.Database database) {

  /** Deliveries of one range before its failure fails the version (the queue redrives after). */
  static final int MAX_PART_ATTEMPTS = 3;

  /** The container's SDK clients. */
  record Clients(S3Client s3, SqsClient sqs, DynamoDbClient dynamo) {}

  private static final Clock CLOCK = Clock.systemUTC();

  /**
   * The whole-file path's PostgreSQL destination and audit trail, and the split database.ledger().
   */
  record Database(PostgresDestination tables, AuditTrail audit, PostgresSplits ledger) {}

  private PartQueue queue() {
    return new PartQueue(clients.sqs(), config.splitQueueUrl());
  }

  private PartOutputs outputs() {
    return new PartOutputs(clients.s3(), config.outputLayout());
  }

  /** Whether {@code source} is split rather than loaded in one invocation. */
  boolean splits(SourceFile source, Schema schema) {
    return source.size() >= config.splitThresholdBytes()
        && SplitPlanner.canSplit(schema.delimiterChar(), schema.quoteChar());
  }

  /**
   * The S3 event's invocation: plans and fans out the object's ranges. A version that is not new
   * (loaded, superseded, failed for good) or that has no second record boundary is handed to {@code
   * wholeFile}, today's path, which settles it without reading it or loads it in one go.
   */
  LoadOutcome coordinate(
      SourceFile source, Schema schema, Deadline deadline, Callable<LoadOutcome> wholeFile)
      throws Exception {
    database.tables().prepare(schema);
    database.ledger().ensure();
    if (database.audit().precedence(source) != Precedence.NEW) {
      return wholeFile.call();
    }
    SplitPlan plan;
    SplitPlanner planner =
        new SplitPlanner(
            schema.delimiterChar(),
            schema.quoteChar(),
            schema.hasHeader(),
            schema.columns().size());
    try (InputStream in = deadline.guard(open(source, null))) {
      plan = planner.plan(in, config.splitPartBytes());
    }
    if (plan.ranges().size() < 2) {
      return wholeFile.call();
    }
    PostgresSplits.Registration split = database.ledger().register(source, plan, CLOCK.instant());
    if (split.status() != PostgresSplits.Status.LOADING) {
      return LoadOutcome.skipped(source.key()); // a redelivered event of a settled split
    }
    List<PartTask> tasks = new ArrayList<>();
    for (int part : database.ledger().pendingParts(split.id())) {
      tasks.add(new PartTask(split.id(), part, source.bucket(), source.key(), source.version()));
    }
    queue().send(tasks); // again for a redelivered event: a part loads idempotently
    System.err.println(
        "converter: "
            + source.location()
            + " ("
            + source.version()
            + ", "
            + source.size()
            + " bytes) split into "
            + plan.ranges().size()
            + " parts (split "
            + split.id()
            + "), "
            + tasks.size()
            + " sent to the split queue");
    return new LoadOutcome(source.key(), "split", null);
  }

  /**
   * A split queue message's invocation: loads one range, then commits the version if it was the
   * last. {@code attempt} is the message's receive count. Throws {@link SplitFailedException} when
   * the version failed for good (already audited and undone: the caller reports it and drops the
   * message), anything else when a redelivery may succeed.
   */
  LoadOutcome part(PartTask task, Schema schema, Deadline deadline, int attempt) throws Exception {
    database.tables().prepare(schema);
    database.ledger().ensure();
    Part part = database.ledger().part(task.split(), task.part());
    if (part == null) {
      System.err.println("converter: ignored " + task + ": no such split part in the ledger");
      return LoadOutcome.ignored(task.key());
    }
    if (part.splitStatus() != PostgresSplits.Status.LOADING) {
      if (part.splitStatus() != PostgresSplits.Status.COMMITTED) {
        takeBackLatePart(part, schema); // a part that staged after its version had failed
      }
      return LoadOutcome.skipped(task.key());
    }
    if (!part.staged()) {
      try {
        stage(part, schema, deadline);
      } catch (Exception e) {
        String permanent = FailureReason.permanent(e);
        if (permanent == null && attempt < MAX_PART_ATTEMPTS) {
          throw e; // the queue delivers the part again
        }
        String reason = permanent != null ? permanent : FailureReason.of(e);
        failVersion(part, schema, PostgresSplits.Status.FAILED, failure(part, reason, e));
        throw new SplitFailedException(
            permanent != null, reason, describe(part) + ": " + FailureReason.message(e), e);
      }
    }
    return commit(part, schema);
  }

  /** Loads one range into its staging: S3 staging objects, DynamoDB items, the part table. */
  private void stage(Part part, Schema schema, Deadline deadline) throws Exception {
    SourceFile source = part.source();
    long shift = part.range().lineShift(part.headerLines());
    ConversionResult[] result = new ConversionResult[1];
    RejectSink rejects = outputs().rejects(source, part.splitId(), part.index());
    List<RowSink> sinks = new ArrayList<>();
    DynamoDbSink items = null;
    try {
      sinks.add(outputs().parquet(source, part.splitId(), part.index(), schema));
      sinks.add(outputs().json(source, part.splitId(), part.index(), schema));
      if (config.dynamoDbTable() != null) {
        items = newItems(source, schema);
        sinks.add(items);
      }
      RowSink rows =
          database
              .ledger()
              .openPart(
                  part,
                  schema,
                  () ->
                      new PostgresSplits.Totals(
                          result[0].rowsLoaded(),
                          result[0].rowsRejected(),
                          result[0].absentColumns().isEmpty()
                              ? null
                              : result[0].absentColumns().toString()));
      if (rows == null) { // another delivery staged it meanwhile (or the split settled)
        Sinks.abortAll(sinks, rejects);
        return;
      }
      sinks.add(rows);
    } catch (Exception e) {
      Sinks.abortAll(sinks, rejects);
      throw e;
    }
    List<RowSink> shifted = sinks.stream().map(s -> LineShift.rows(s, shift)).toList();
    RejectSink shiftedRejects = LineShift.rejects(rejects, shift);
    try (InputStream in = deadline.guard(open(source, part))) {
      result[0] = new CsvConverter(schema).convert(in, shifted, shiftedRejects);
      deadline.check();
      Sinks.finishAll(shifted, shiftedRejects);
    } catch (Exception e) {
      Sinks.abortAll(shifted, shiftedRejects);
      if (items != null) {
        try {
          items.undo(
              database.tables().committedRows(schema, source)); // nothing of this attempt stays
        } catch (Exception undoFailed) {
          e.addSuppressed(undoFailed);
        }
      }
      throw e;
    }
    if (items != null) {
      items.release();
    }
  }

  /** After a part staged: commits the version when it was the last part to. */
  private LoadOutcome commit(Part part, Schema schema) throws Exception {
    SourceFile source = part.source();
    DynamoDbSink items = config.dynamoDbTable() == null ? null : newItems(source, schema);
    DroppedKeys dropped = items == null ? DroppedKeys.NONE : items::deleteDropped;
    long[] loaded = new long[2];
    PostgresSplits.CommitResult result;
    try {
      result =
          database
              .ledger()
              .commitIfComplete(
                  part.splitId(),
                  schema,
                  dropped,
                  totals -> {
                    loaded[0] = totals.rowsLoaded();
                    loaded[1] = totals.rowsRejected();
                    return success(part, totals);
                  },
                  connection -> {
                    if (items != null) {
                      PostgresSplits.forEachKeyInSeveralParts(
                          connection,
                          part.splitId(),
                          part.parts(),
                          schema,
                          keys -> restore(source, schema, keys));
                    }
                    outputs().publish(source, part.splitId());
                  });
    } catch (Exception e) {
      if (items != null) {
        try {
          items.undo(database.tables().committedRows(schema, source));
        } catch (Exception undoFailed) {
          e.addSuppressed(undoFailed);
        }
      }
      throw e; // the part stays staged: its redelivery tries the commit again
    }
    switch (result) {
      case COMMITTED -> {
        if (items != null) {
          items.release();
        }
        outputs().discard(source, part.splitId());
        System.err.println(
            "converter: "
                + source.location()
                + " ("
                + source.version()
                + ") loaded from "
                + part.parts()
                + " parts: "
                + loaded[0]
                + " rows, "
                + loaded[1]
                + " rejected");
        return LoadOutcome.success(
            source.key(),
            new ConversionResult(loaded[0], loaded[1], source.size(), 0, Map.of(), List.of()));
      }
      case SUPERSEDED -> {
        failVersion(part, schema, PostgresSplits.Status.SUPERSEDED, superseded(part));
        return LoadOutcome.superseded(source.key());
      }
      case SETTLED -> {
        Part now = database.ledger().part(part.splitId(), part.index());
        if (now != null && now.splitStatus() != PostgresSplits.Status.COMMITTED) {
          takeBackLatePart(now, schema);
        }
        return LoadOutcome.skipped(source.key());
      }
      default -> {
        return new LoadOutcome(source.key(), "staged", null);
      }
    }
  }

  /**
   * Fails the version (once, under the split's lock, with its audit row), then takes back what
   * every part staged: their DynamoDB items restored to the committed rows, their tables and S3
   * staging objects dropped. A part still loading finds the version failed when it stages and takes
   * back its own.
   */
  private void failVersion(Part part, Schema schema, PostgresSplits.Status status, AuditEntry entry)
      throws Exception {
    database.ledger().fail(part.splitId(), status, entry);
    for (int p = 0; p < part.parts(); p++) {
      Part other = database.ledger().part(part.splitId(), p);
      if (other != null) {
        undoPart(other, schema);
      }
    }
    outputs().discard(part.source(), part.splitId());
  }

  /**
   * A part that staged while (or after) its version failed: its items, table and S3 staging objects
   * go, as the failing part took back those of the parts staged before.
   */
  private void takeBackLatePart(Part part, Schema schema) throws Exception {
    undoPart(part, schema);
    outputs().discard(part.source(), part.splitId());
  }

  /** One part's DynamoDB items back to the committed rows, then its table dropped. */
  private void undoPart(Part part, Schema schema) throws Exception {
    if (config.dynamoDbTable() != null) {
      DynamoDbSink items = newItems(part.source(), schema);
      database.ledger().forEachKeyOfPart(part, schema, items::deleteDropped);
      items.undo(database.tables().committedRows(schema, part.source()));
    }
    database.ledger().dropPart(part);
  }

  /**
   * Puts the rows PostgreSQL holds (in the commit's transaction: the winners) for {@code keys} back
   * into DynamoDB: a key repeated across parts was raced for by parallel writers.
   */
  private void restore(SourceFile source, Schema schema, List<Object[]> keys) throws Exception {
    DynamoDbSink items = newItems(source, schema);
    items.deleteDropped(keys); // records the keys for the undo, which puts the winners back
    items.undo(database.tables().committedRows(schema, source)); // in the commit: its winners
  }

  private DynamoDbSink newItems(SourceFile source, Schema schema) {
    return new DynamoDbDestination(
            clients.dynamo(), config.dynamoDbTable(), config.dynamoDbMaxConcurrency())
        .open(schema, source)
        .trackingTouchedKeys();
  }

  /**
   * The bytes of exactly the event's version (or, unversioned, its ETag): the whole object for
   * {@code part} null, else the header followed by the part's range.
   */
  private InputStream open(SourceFile source, Part part) {
    if (part == null) {
      return get(source, null);
    }
    String range = "bytes=" + part.range().start() + "-" + (part.range().end() - 1);
    if (part.range().start() == 0 || part.headerEnd() == 0) {
      return get(source, range);
    }
    return new SequenceInputStream(
        get(source, "bytes=0-" + (part.headerEnd() - 1)), get(source, range));
  }

  private InputStream get(SourceFile source, String range) {
    GetObjectRequest.Builder request =
        GetObjectRequest.builder().bucket(source.bucket()).key(source.key()).range(range);
    if (source.versionId() != null) {
      request.versionId(source.versionId());
    } else if (source.eTag() != null) {
      request.ifMatch(source.eTag()); // an overwrite since is another version: fail, not mix
    }
    return clients.s3().getObject(request.build());
  }

  private static String describe(Part part) {
    return part.source().location()
        + " (version "
        + part.source().version()
        + ") part "
        + (part.index() + 1)
        + " of "
        + part.parts()
        + " (bytes "
        + part.range().start()
        + "-"
        + part.range().end()
        + "; line numbers in the message count from the object's line "
        + part.range().firstLine()
        + ")";
  }

  private AuditEntry success(Part part, PostgresSplits.Totals totals) {
    return entry(
        part,
        "success",
        null,
        totals.rowsLoaded(),
        totals.rowsRejected(),
        null,
        totals.absentColumns() == null
            ? "loaded in " + part.parts() + " parts"
            : "loaded in "
                + part.parts()
                + " parts; columns absent from the header, loaded as NULL: "
                + totals.absentColumns());
  }

  private AuditEntry superseded(Part part) {
    return entry(part, "superseded", "superseded", 0, 0, null, null);
  }

  private AuditEntry failure(Part part, String reason, Exception e) {
    String error = describe(part) + ": " + AuditEntry.errorOf(e);
    return entry(part, "failed", reason, 0, 0, error, null);
  }

  private AuditEntry entry(
      Part part,
      String status,
      String reason,
      long rows,
      long rejected,
      String error,
      String notes) {
    return new AuditEntry(
        part.source(),
        status,
        reason,
        rows,
        rejected,
        part.source().size(),
        part.startedAt(),
        CLOCK.instant(),
        error,
        notes);
  }
}
