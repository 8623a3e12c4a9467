package io.datapipeline.operator.tenancy;

import io.datapipeline.api.v1alpha1.DataPipeline;

/**
 * Decides, before any AWS call, what a pipeline may act with: {@link #open} takes the spec as
 * written (TENANCY=Open), {@link EnforcedAccess} only what the namespace's tenant grants.
 */
@FunctionalInterface
public interface PipelineAccess {

  Decision admit(DataPipeline pipeline);

  /** Today's behaviour: the spec's role (or the operator's own identity) and service role. */
  static PipelineAccess open(String defaultRegion) {
    return pipeline -> {
      var aws = pipeline.getSpec().aws;
      String region = aws != null && aws.region != null ? aws.region : defaultRegion;
      return new Decision.Permitted(
          new Grant(
              null,
              region,
              aws == null ? null : aws.roleArn,
              aws == null ? null : aws.cloudFormationRoleArn,
              null));
    };
  }
}
