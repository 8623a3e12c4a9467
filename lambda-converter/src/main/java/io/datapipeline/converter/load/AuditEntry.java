package io.datapipeline.converter.load;

import java.time.Instant;

/**
 * One file's row in the audit table {@code pipeline_loads} (docs/contracts.md): the object version
 * it is about ({@code source}); {@code status} is {@code success}, {@code failed} or {@code
 * superseded}; {@code reason} says why a file was not loaded, for machines ({@code timeout}, {@code
 * bad_input}, {@code schema_mismatch}, {@code error}, {@code superseded}); {@code notes} what a
 * loaded file lacked (nullable columns absent from its header).
 */
public record AuditEntry(
    SourceFile source,
    String status,
    String reason,
    long rowsLoaded,
    long rowsRejected,
    long bytes,
    Instant startedAt,
    Instant finishedAt,
    String error,
    String notes) {

  /** The longest error text an audit row keeps (a stack of causes can be long). */
  private static final int MAX_ERROR_CHARS = 4000;

  /** {@code e}'s message as a row's error: never null, cut to {@value #MAX_ERROR_CHARS} chars. */
  public static String errorOf(Exception e) {
    String message = FailureReason.message(e);
    return message.length() > MAX_ERROR_CHARS ? message.substring(0, MAX_ERROR_CHARS) : message;
  }
}
