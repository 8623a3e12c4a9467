package io.datapipeline.converter.load;

import java.time.Instant;

/** One file's row in the audit table {@code pipeline_loads} (docs/contracts.md). */
public record AuditEntry(
    String bucket,
    String key,
    String version,
    String status,
    long rowsLoaded,
    long rowsRejected,
    long bytes,
    Instant startedAt,
    Instant finishedAt,
    String error) {}
