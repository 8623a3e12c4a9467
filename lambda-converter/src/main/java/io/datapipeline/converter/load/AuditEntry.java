package io.datapipeline.converter.load;

import java.time.Instant;

/**
 * One file's row in the audit table {@code pipeline_loads} (docs/contracts.md): {@code status} is
 * {@code success}, {@code failed} or {@code superseded}; {@code reason} says why a file was not
 * loaded, for machines ({@code timeout}, {@code bad_input}, {@code schema_mismatch}, {@code error},
 * {@code superseded}); {@code notes} what a loaded file lacked (nullable columns absent from its
 * header).
 */
public record AuditEntry(
    String bucket,
    String key,
    String version,
    String sequencer,
    String status,
    String reason,
    long rowsLoaded,
    long rowsRejected,
    long bytes,
    Instant startedAt,
    Instant finishedAt,
    String error,
    String notes) {

  /**
   * An entry of {@code source}'s version (its bucket, key, version and sequencer): what happened,
   * the counts, then why and when.
   */
  public static AuditEntry of(
      SourceFile source,
      String status,
      long rowsLoaded,
      long rowsRejected,
      long bytes,
      String reason,
      Instant startedAt,
      Instant finishedAt,
      String error,
      String notes) {
    return new AuditEntry(
        source.bucket(),
        source.key(),
        source.version(),
        source.sequencer(),
        status,
        reason,
        rowsLoaded,
        rowsRejected,
        bytes,
        startedAt,
        finishedAt,
        error,
        notes);
  }

  /** The same entry with other notes. */
  public AuditEntry withNotes(String otherNotes) {
    AuditEntry e = this;
    return new AuditEntry(
        e.bucket,
        e.key,
        e.version,
        e.sequencer,
        e.status,
        e.reason,
        e.rowsLoaded,
        e.rowsRejected,
        e.bytes,
        e.startedAt,
        e.finishedAt,
        e.error,
        otherNotes);
  }
}
