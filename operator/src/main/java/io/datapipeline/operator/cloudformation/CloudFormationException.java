package io.datapipeline.operator.cloudformation;

import io.datapipeline.operator.errors.AwsCallException;

/** A failed CloudFormation call, classified like every {@link AwsCallException}. */
public class CloudFormationException extends AwsCallException {

  public CloudFormationException(
      Kind kind, String operation, String errorCode, String message, Throwable cause) {
    super(kind, operation, errorCode, message, cause);
  }

  public CloudFormationException(Kind kind, String operation, String message) {
    this(kind, operation, "", message, null);
  }
}
