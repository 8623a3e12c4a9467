package io.datapipeline.operator.ports;

import io.datapipeline.api.v1alpha1.DataPipeline;

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

  @Override
  public String toString() {
    return region
        + (roleArn == null ? "" : " as " + roleArn)
        + (caller == null ? "" : " for " + caller.namespace() + "/" + caller.name());
  }
}
