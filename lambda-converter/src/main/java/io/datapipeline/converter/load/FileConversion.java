package io.datapipeline.converter.load;

import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RejectSink;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.Schema;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The converter's use case: one file into all its destinations, called by the Lambda handler and by
 * the CLI alike. The protocol: skip a version already loaded; open the sinks; one streaming pass;
 * then finish every sink in commit order (files, DynamoDB, and PostgreSQL last: its commit, which
 * carries the audit row, means everything else is out) or, on any failure, abort them all and
 * record the failure. Every file that gets as far as this produces one metrics record.
 */
public record FileConversion(AuditTrail audit, LoadMetrics metrics, Clock clock) {

  /** Files, then DynamoDB, then the transactional sink that is the commit point. */
  private static final Comparator<RowSink> COMMIT_ORDER =
      Comparator.comparingInt(sink -> commitRank(sink.stage()));

  /**
   * Loads {@code source}; throws (after auditing the failure) when it could not be loaded: a {@link
   * PermanentFailureException} when no retry can load it, anything else when one may.
   */
  public LoadOutcome load(
      SourceFile source, SchemaProvider schemas, Destinations destinations, InputOpener input)
      throws Exception {
    return load(source, schemas, destinations, input, Deadline.NONE);
  }

  /** The same, giving up cleanly (audited {@code timeout}) when {@code deadline} passes. */
  public LoadOutcome load(
      SourceFile source,
      SchemaProvider schemas,
      Destinations destinations,
      InputOpener input,
      Deadline deadline)
      throws Exception {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    try {
      deadline.check(); // an earlier object of the event may have used the time up
      Schema schema = schemas.schema();
      destinations.prepare(schema);
      LoadOutcome outcome = convert(source, schema, destinations, input, deadline, started);
      if (outcome.result() != null) {
        metrics.fileDone(source, FileMetrics.succeeded(outcome.result(), secondsSince(t0)));
      }
      return outcome;
    } catch (PermanentFailureException e) {
      throw e; // counted and audited when it first failed
    } catch (Exception e) {
      metrics.fileDone(source, FileMetrics.failed(secondsSince(t0)));
      boolean audited = audit.failed(failure(source, started, e), e);
      String permanent = FailureReason.permanent(e);
      if (permanent != null && audited) {
        throw new PermanentFailureException(permanent, FailureReason.message(e), e);
      }
      throw e; // transient, or not audited yet: a retry will try (and audit) again
    }
  }

  private LoadOutcome convert(
      SourceFile source,
      Schema schema,
      Destinations destinations,
      InputOpener input,
      Deadline deadline,
      Instant started)
      throws Exception {
    AtomicReference<ConversionResult> result = new AtomicReference<>();
    FileTargets targets =
        destinations.open(source, schema, started, () -> success(source, result.get(), started));
    List<RowSink> sinks = new ArrayList<>(targets.sinks());
    sinks.sort(COMMIT_ORDER); // stable: the given order within a rank
    RejectSink rejects = targets.rejects();
    Precedence precedence;
    try {
      precedence = audit.precedence(source); // under the commit point's lock of the key
    } catch (Exception e) {
      Sinks.abortAll(sinks, rejects);
      throw e;
    }
    if (precedence != Precedence.NEW) {
      Sinks.abortAll(sinks, rejects);
      if (precedence == Precedence.ALREADY_LOADED) {
        return LoadOutcome.skipped(source.key()); // redelivery of a loaded version
      }
      if (precedence == Precedence.FAILED_PERMANENTLY) {
        throw new PermanentFailureException(
            "bad_input",
            source.location()
                + " (version "
                + source.version()
                + ") cannot be loaded and was audited when it first failed (see pipeline_loads)",
            null);
      }
      audit.superseded(
          new AuditEntry(
              source, "superseded", "superseded", 0, 0, 0, started, clock.instant(), null, null));
      return LoadOutcome.superseded(source.key());
    }
    try (InputStream in = deadline.guard(input.open())) {
      result.set(new CsvConverter(schema).convert(in, sinks, rejects));
      deadline.check(); // finishing takes time too: do not start what cannot end
      Sinks.finishAll(sinks, rejects);
    } catch (Exception e) {
      Sinks.abortAll(sinks, rejects); // rolls the PostgreSQL transaction back
      try {
        targets.undo();
      } catch (Exception undoFailed) {
        e.addSuppressed(undoFailed);
      }
      throw e;
    }
    targets.published(result.get());
    return LoadOutcome.success(source.key(), result.get());
  }

  private static int commitRank(Stage stage) {
    return switch (stage) {
      case UPLOAD -> 0;
      case DYNAMODB -> 1;
      case POSTGRES -> 2;
    };
  }

  private AuditEntry success(SourceFile source, ConversionResult r, Instant started) {
    return new AuditEntry(
        source,
        "success",
        null,
        r.rowsLoaded(),
        r.rowsRejected(),
        r.bytesRead(),
        started,
        clock.instant(),
        null,
        r.absentColumns().isEmpty()
            ? null
            : "columns absent from the header, loaded as NULL: " + r.absentColumns());
  }

  private AuditEntry failure(SourceFile source, Instant started, Exception e) {
    return new AuditEntry(
        source,
        "failed",
        FailureReason.of(e),
        0,
        0,
        source.size(),
        started,
        clock.instant(),
        AuditEntry.errorOf(e),
        null);
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
