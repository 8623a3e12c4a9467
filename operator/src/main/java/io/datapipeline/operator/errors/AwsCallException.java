package io.datapipeline.operator.errors;

/**
 * A failed AWS call (any service), classified once where it happened (in the SDK adapter) so the
 * reconciler decides on the kind, never on error codes.
 */
public class AwsCallException extends RuntimeException {

  /** What the caller should do about it. */
  public enum Kind {
    /** Rate exceeded: back off and try again. */
    THROTTLED,
    /** A retry fixes it (network, 5xx, a conflicting operation in progress). */
    RETRYABLE,
    /** Retrying the same request fails the same way: the spec or the account must change. */
    TERMINAL
  }

  private final Kind kind;
  private final String errorCode;

  /**
   * @param operation the AWS operation, e.g. PutObject (it starts the message)
   * @param errorCode AWS's error code (e.g. AccessDenied), or empty when there is none
   * @param message AWS's message, which starts with the error code when there is one
   */
  public AwsCallException(
      Kind kind, String operation, String errorCode, String message, Throwable cause) {
    super(operation + ": " + message, cause);
    this.kind = kind;
    this.errorCode = errorCode == null ? "" : errorCode;
  }

  public Kind kind() {
    return kind;
  }

  /** AWS's error code, e.g. AccessDenied; empty for failures without one (network). */
  public String errorCode() {
    return errorCode;
  }
}
