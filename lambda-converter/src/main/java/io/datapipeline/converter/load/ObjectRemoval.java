package io.datapipeline.converter.load;

import io.datapipeline.converter.schema.Schema;
import java.time.Clock;
import java.time.Instant;

/**
 * The converter's second use case, with {@code ingest.onDelete: RemoveRows}: an uploaded object was
 * deleted, so its rows, items and outputs go too, with an audit row {@code removed}. Ordered with
 * the loads of the same key by the S3 sequencer: a removal older than the key's last load is
 * superseded, and a load older than a removal is superseded by it.
 *
 * <p>Which deletions remove rows: a delete marker (the object has no current version any more), a
 * deletion in an unversioned bucket, or the permanent deletion of exactly the version the rows came
 * from. Deleting another, non-current version changes nothing (audited {@code kept}). The version
 * that S3 makes current after its successor was deleted is not loaded again by itself: copy it onto
 * its key to load it.
 */
public record ObjectRemoval(AuditTrail audit, Clock clock) {

  /**
   * Removes {@code source}'s rows everywhere. {@code deleteMarker}: the event is {@code
   * ObjectRemoved:DeleteMarkerCreated}, whose version id is the marker's, not a data version's.
   */
  public LoadOutcome remove(
      SourceFile source, boolean deleteMarker, SchemaProvider schemas, Removals removals)
      throws Exception {
    Instant started = clock.instant();
    try {
      Schema schema = schemas.schema();
      removals.prepare(schema);
      Removal removal = removals.open(source, schema);
      try {
        return removeUnderLock(source, deleteMarker, removal, started);
      } finally {
        removal.abort(); // nothing left to roll back after the commit
      }
    } catch (Exception e) {
      audit.failed(entry(source, "failed", FailureReason.of(e), started, AuditEntry.errorOf(e)), e);
      throw e;
    }
  }

  private LoadOutcome removeUnderLock(
      SourceFile source, boolean deleteMarker, Removal removal, Instant started) throws Exception {
    if (removal.alreadyProcessed()) {
      return LoadOutcome.skipped(source.key()); // a redelivered deletion event
    }
    if (audit.precedence(source) == Precedence.SUPERSEDED) {
      removal.abort();
      audit.superseded(entry(source, "superseded", "superseded", started, null));
      return LoadOutcome.superseded(source.key());
    }
    String loaded = removal.loadedVersion();
    boolean otherVersion =
        !deleteMarker
            && source.versionId() != null
            && loaded != null
            && !source.versionId().equals(loaded);
    if (otherVersion) {
      removal.abort();
      audit.superseded(
          entry(
              source,
              "kept",
              "not_loaded_version",
              started,
              "version " + source.versionId() + " was deleted; the rows are of version " + loaded));
      return new LoadOutcome(source.key(), "kept", null);
    }
    long removed =
        removal.removeAll(
            rows ->
                entry(
                    source,
                    "removed",
                    null,
                    started,
                    null,
                    "removed "
                        + rows
                        + " rows, their DynamoDB items and outputs: the object was deleted"));
    return new LoadOutcome(source.key(), "removed", null, removed);
  }

  private AuditEntry entry(
      SourceFile source, String status, String reason, Instant started, String error) {
    return entry(source, status, reason, started, error, null);
  }

  /** A row of no rows read: removals and the events not acted on. */
  private AuditEntry entry(
      SourceFile source,
      String status,
      String reason,
      Instant started,
      String error,
      String notes) {
    return new AuditEntry(source, status, reason, 0, 0, 0, started, clock.instant(), error, notes);
  }
}
