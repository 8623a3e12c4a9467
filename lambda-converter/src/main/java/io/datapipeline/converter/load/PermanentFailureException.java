package io.datapipeline.converter.load;

/**
 * A file that can never load as it is (bad input, a schema the table cannot take), already audited:
 * retrying it changes nothing, so the handler sends it to the failure queue itself and Lambda does
 * not retry. Also thrown, without a second audit row, for a redelivery of a version whose content
 * already failed that way.
 */
public final class PermanentFailureException extends Exception {
  private final String reason;

  public PermanentFailureException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The audit row's reason ({@code bad_input}, {@code schema_mismatch}). */
  public String reason() {
    return reason;
  }
}
