package io.datapipeline.operator.aws;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients of one account and region, shared by every session there (and so spending one
 * call budget).
 *
 * <p>Why shared: an SDK client holds its whole configuration (endpoint rules, modelled exceptions,
 * attribute maps). Eight clients per pipeline session made the operator hold 282 KiB of live heap
 * per pipeline (68 KiB shared; docs/benchmarks.md). Shared, a session is its credentials only: each
 * request names them ({@link SessionCredentials}).
 */
final class AccountClients implements AutoCloseable {

  /** Builds a client with the operator's settings (budget, counters, retries, timeouts). */
  interface Configurer {
    <B extends AwsClientBuilder<B, ?>> B configure(
        B builder, AwsCredentialsProvider credentials, Duration attemptTimeout);
  }

  /** Longer than SQS's 20 s long poll, so a quiet queue does not time the attempt out. */
  static final Duration LONG_POLL_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);

  final CloudFormationClient cloudFormation;
  final S3Client s3;
  final EcsClient ecs;
  final ApplicationAutoScalingClient autoScaling;
  final CloudWatchClient cloudWatch;
  final SqsClient sqs;
  final RdsClient rds;

  /** Assumes the sessions' roles, as the operator itself. */
  final StsClient sts;

  /**
   * @param key the account and region ({@code <region>/<account>}), named when a request names no
   *     session's credentials: the clients have none of their own, every session names its own
   * @param base the operator's own credentials, which assume the roles
   * @param pathStyle S3 path-style addressing (an endpoint override, such as moto, needs it)
   */
  AccountClients(Configurer c, String key, AwsCredentialsProvider base, boolean pathStyle) {
    AwsCredentialsProvider defaults = SessionCredentials.noneNamed(key);
    cloudFormation = c.configure(CloudFormationClient.builder(), defaults, ATTEMPT_TIMEOUT).build();
    s3 =
        c.configure(S3Client.builder(), defaults, ATTEMPT_TIMEOUT)
            .forcePathStyle(pathStyle)
            .build();
    ecs = c.configure(EcsClient.builder(), defaults, ATTEMPT_TIMEOUT).build();
    autoScaling =
        c.configure(ApplicationAutoScalingClient.builder(), defaults, ATTEMPT_TIMEOUT).build();
    cloudWatch = c.configure(CloudWatchClient.builder(), defaults, ATTEMPT_TIMEOUT).build();
    sqs = c.configure(SqsClient.builder(), defaults, LONG_POLL_ATTEMPT_TIMEOUT).build();
    rds = c.configure(RdsClient.builder(), defaults, ATTEMPT_TIMEOUT).build();
    sts = c.configure(StsClient.builder(), base, ATTEMPT_TIMEOUT).build();
  }

  @Override
  public void close() {
    for (AutoCloseable client :
        List.of(cloudFormation, s3, ecs, autoScaling, cloudWatch, sqs, rds, sts)) {
      closeQuietly(client);
    }
  }

  static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // closing clients nobody uses any more: nothing to do about it
    }
  }
}
