package io.datapipeline.operator.ports;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.render.InvalidSpecException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a pipeline's AWS calls go: the region and the identity (the operator's own, or the role
 * assumed for the pipeline). Pipelines with the same target share clients and the stack poller; an
 * assumed role is a session of its own per pipeline ({@code caller}), so that its session name and
 * tags say which pipeline acts.
 *
 * @param roleArn role assumed with STS, or null for the operator's own credentials
 * @param externalId sent on AssumeRole, or null
 * @param caller the pipeline the assumed-role session is for; null with the operator's identity
 */
public record AwsTarget(String region, String roleArn, String externalId, Caller caller) {

  private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):role/.+");

  /** The pipeline a session acts for: its namespace and name. */
  public record Caller(String namespace, String name) {}

  public AwsTarget(String region, String roleArn) {
    this(region, roleArn, null, null);
  }

  public static AwsTarget of(DataPipeline pipeline, String defaultRegion) {
    var aws = pipeline.getSpec().aws;
    String region = aws != null && aws.region != null ? aws.region : defaultRegion;
    return new AwsTarget(region, aws == null ? null : aws.roleArn);
  }

  /** The account of {@link #roleArn} ({@code arn:<partition>:iam::<account>:role/...}), if set. */
  public Optional<String> roleAccount() {
    if (roleArn == null) {
      return Optional.empty();
    }
    Matcher arn = ROLE_ARN.matcher(roleArn);
    if (!arn.matches()) {
      throw new InvalidSpecException(
          "spec.aws.roleArn",
          "'" + roleArn + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
    }
    return Optional.of(arn.group(1));
  }

  @Override
  public String toString() {
    return region
        + (roleArn == null ? "" : " as " + roleArn)
        + (caller == null ? "" : " for " + caller.namespace() + "/" + caller.name());
  }
}
