package io.datapipeline.operator.aws;

import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.errors.AwsCallException.Kind;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Classifies an AWS SDK failure once: throttled, retryable, or terminal (the spec must change). */
public final class AwsErrors {

  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestLimitExceeded",
          "RequestThrottled",
          "RequestThrottledException",
          "TooManyRequestsException",
          "SlowDown");

  private static final Set<String> TRANSIENT =
      Set.of(
          "ExpiredToken",
          "ExpiredTokenException",
          "RequestExpired",
          "ServiceUnavailable",
          "InternalFailure",
          "InternalError",
          "OperationInProgressException",
          "IDPCommunicationError");

  private AwsErrors() {}

  /** A failure of any AWS call (S3, ECS, ...), classified. */
  public static AwsCallException classify(String operation, SdkException e) {
    return new AwsCallException(kind(e), operation, errorCode(e), message(e), e);
  }

  /** A failure of a CloudFormation call, classified, as the CloudFormation port throws it. */
  public static CloudFormationException classifyCloudFormation(String operation, SdkException e) {
    return new CloudFormationException(kind(e), operation, errorCode(e), message(e), e);
  }

  private static String errorCode(SdkException e) {
    return e instanceof AwsServiceException service ? errorCode(service) : "";
  }

  public static Kind kind(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = errorCode(service);
      if (THROTTLING.contains(code)
          || service.statusCode() == 429
          || service.isThrottlingException()) {
        return Kind.THROTTLED;
      }
      if (TRANSIENT.contains(code) || service.statusCode() >= 500) {
        return Kind.RETRYABLE;
      }
      String text =
          String.valueOf(
              service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage());
      // Another operation on the stack is still running: it will finish.
      if (text.contains("_IN_PROGRESS state") || text.contains("in progress")) {
        return Kind.RETRYABLE;
      }
      return Kind.TERMINAL;
    }
    if (e instanceof SdkClientException) {
      return Kind.RETRYABLE; // network, timeouts
    }
    return Kind.RETRYABLE;
  }

  public static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? ""
        : e.awsErrorDetails().errorCode();
  }

  /** AWS's own message, without request ids. */
  public static String message(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = errorCode(service);
      String text = service.awsErrorDetails().errorMessage();
      return (code.isEmpty() ? "" : code + ": ") + (text == null ? "" : text);
    }
    return e.getMessage();
  }

  /** "Stack with id X does not exist" and its change set cousins. */
  public static boolean notFound(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = errorCode(service);
      String text =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
      return code.equals("ChangeSetNotFound")
          || code.equals("ChangeSetNotFoundException")
          || code.equals("StackNotFoundException")
          || (code.equals("ValidationError") && text != null && text.contains("does not exist"));
    }
    return false;
  }
}
