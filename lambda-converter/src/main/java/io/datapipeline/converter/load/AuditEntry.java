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
    String notes) {}
