package io.datapipeline.operator.ports;

import io.datapipeline.api.v1alpha1.DataPipeline;

/**
 * Where a pipeline's AWS calls go: the region and the identity (the operator's own, or the role
 * assumed for the pipeline). Pipelines with the same target share clients and the stack poller.
 *
 * @param roleArn role assumed with STS, or null for the operator's own credentials
 */
public record AwsTarget(String region, String roleArn) {

  public static AwsTarget of(DataPipeline pipeline, String defaultRegion) {
    var aws = pipeline.getSpec().aws;
    String region = aws != null && aws.region != null ? aws.region : defaultRegion;
    return new AwsTarget(region, aws == null ? null : aws.roleArn);
  }

  @Override
  public String toString() {
    return region + (roleArn == null ? "" : " as " + roleArn);
  }
}
