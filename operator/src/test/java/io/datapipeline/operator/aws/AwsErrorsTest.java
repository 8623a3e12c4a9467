package io.datapipeline.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.errors.AwsCallException.Kind;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class AwsErrorsTest {

  private static CloudFormationException error(int status, String code, String message) {
    return (CloudFormationException)
        CloudFormationException.builder()
            .statusCode(status)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .build();
  }

  @Test
  void throttlingIsThrottled() {
    assertThat(AwsErrors.kind(error(400, "Throttling", "Rate exceeded"))).isEqualTo(Kind.THROTTLED);
    assertThat(AwsErrors.kind(error(429, "TooManyRequestsException", "slow down")))
        .isEqualTo(Kind.THROTTLED);
  }

  @Test
  void serverErrorsNetworkAndBusyStacksAreRetryable() {
    assertThat(AwsErrors.kind(error(503, "ServiceUnavailable", "x"))).isEqualTo(Kind.RETRYABLE);
    assertThat(AwsErrors.kind(SdkClientException.create("connection reset")))
        .isEqualTo(Kind.RETRYABLE);
    assertThat(
            AwsErrors.kind(
                error(
                    400,
                    "ValidationError",
                    "Stack:x is in UPDATE_IN_PROGRESS state and can not be updated.")))
        .isEqualTo(Kind.RETRYABLE);
  }

  @Test
  void whatOnlyASpecOrAccountChangeFixesIsTerminal() {
    assertThat(AwsErrors.kind(error(400, "ValidationError", "Template format error: bad")))
        .isEqualTo(Kind.TERMINAL);
    assertThat(AwsErrors.kind(error(403, "AccessDenied", "not authorized")))
        .isEqualTo(Kind.TERMINAL);
    assertThat(AwsErrors.kind(error(400, "InsufficientCapabilitiesException", "CAPABILITY_IAM")))
        .isEqualTo(Kind.TERMINAL);
  }

  @Test
  void absentStacksAndChangeSetsAreNotFound() {
    assertThat(AwsErrors.notFound(error(400, "ValidationError", "Stack with id x does not exist")))
        .isTrue();
    assertThat(AwsErrors.notFound(error(404, "ChangeSetNotFound", "ChangeSet [y] does not exist")))
        .isTrue();
    assertThat(AwsErrors.notFound(error(400, "ValidationError", "Template format error")))
        .isFalse();
  }

  @Test
  void messagesKeepAwsCodeAndTextOnly() {
    assertThat(AwsErrors.classify("CreateChangeSet", error(400, "ValidationError", "bad template")))
        .hasMessage("CreateChangeSet: ValidationError: bad template");
  }

  @Test
  void anyServicesFailureIsAnAwsCallFailureCarryingTheErrorCode() {
    S3Exception denied =
        (S3Exception)
            S3Exception.builder()
                .statusCode(403)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("AccessDenied")
                        .errorMessage("Access Denied")
                        .build())
                .build();

    AwsCallException classified = AwsErrors.classify("PutObject", denied);

    assertThat(classified)
        .as("not a CloudFormation failure")
        .isNotInstanceOf(io.datapipeline.operator.cloudformation.CloudFormationException.class);
    assertThat(classified.kind()).isEqualTo(Kind.TERMINAL);
    assertThat(classified.errorCode()).isEqualTo("AccessDenied");
    assertThat(classified).hasMessage("PutObject: AccessDenied: Access Denied").hasCause(denied);
  }

  @Test
  void cloudFormationFailuresAreClassifiedTheSameWay() {
    var classified =
        AwsErrors.classifyCloudFormation("CreateChangeSet", error(403, "AccessDenied", "no"));

    assertThat(classified.kind()).isEqualTo(Kind.TERMINAL);
    assertThat(classified.errorCode()).isEqualTo("AccessDenied");
    assertThat(classified).hasMessage("CreateChangeSet: AccessDenied: no");
  }
}
