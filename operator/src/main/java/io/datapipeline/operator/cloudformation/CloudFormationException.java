package io.datapipeline.operator.cloudformation;

/**
 * A failed AWS call, classified once where it happened (in the SDK adapter) so the reconciler
 * decides on the kind, never on error codes.
 */
public class CloudFormationException extends RuntimeException {

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
  private final String operation;

  public CloudFormationException(Kind kind, String operation, String message, Throwable cause) {
    super(operation + ": " + message, cause);
    this.kind = kind;
    this.operation = operation;
  }

  public CloudFormationException(Kind kind, String operation, String message) {
    this(kind, operation, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public String operation() {
    return operation;
  }
}
