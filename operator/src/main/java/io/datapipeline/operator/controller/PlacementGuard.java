package io.datapipeline.operator.controller;

import io.datapipeline.api.v1alpha1.AwsSpec;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.api.v1alpha1.NetworkSpec;
import io.datapipeline.api.v1alpha1.Placement;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.ports.AwsTarget;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds a pipeline to where its stacks are: the region, the account of the assumed role and the
 * network mode cannot change (the CRD's transition rules refuse it at admission; this refuses a
 * manifest that reached the operator without admission), so a changed spec never starts a second
 * deployment elsewhere. Deletion goes to the recorded place, not the spec's.
 */
final class PlacementGuard {

  private final String defaultRegion;

  PlacementGuard(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  /** Where the spec asks the stacks to be. */
  Placement desired(DataPipeline pipeline) {
    var aws = pipeline.getSpec().aws;
    return desired(pipeline, aws == null ? null : aws.roleArn);
  }

  /** Where the stacks are to be with {@code roleArn} (under tenancy: the granted role). */
  Placement desired(DataPipeline pipeline, String roleArn) {
    var aws = pipeline.getSpec().aws;
    String region = aws != null && aws.region != null ? aws.region : defaultRegion;
    NetworkSpec network = pipeline.getSpec().network;
    String mode = network == null ? null : network.create != null ? "create" : "existing";
    return new Placement(region, roleArn, mode);
  }

  /**
   * Where the stacks are: the placement in the status, or (a status written before placements were
   * recorded) the region and account in the ARN of a stack it lists. Empty before the first deploy.
   */
  Optional<Placement> recorded(DataPipeline pipeline) {
    DataPipelineStatus status = pipeline.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    if (status.placement != null) {
      return Optional.of(status.placement);
    }
    for (StackStatus s : status.stacks) {
      // arn:aws:cloudformation:<region>:<account>:stack/<name>/<id>
      String[] arn = s.stackId == null ? new String[0] : s.stackId.split(":");
      if (arn.length >= 6) {
        return Optional.of(new Placement(arn[3], null, null));
      }
    }
    return Optional.empty();
  }

  /** Why the spec cannot be deployed where it asks, naming the field; empty when it can. */
  Optional<String> problem(DataPipeline pipeline) {
    var aws = pipeline.getSpec().aws;
    return problem(pipeline, aws == null ? null : aws.roleArn, false);
  }

  /**
   * As {@link #problem(DataPipeline)} for the identity the pipeline acts with ({@code roleArn}).
   *
   * @param fromOwnIdentity whether stacks deployed with the operator's own identity may carry on
   *     with {@code roleArn} (moving a cluster to TENANCY=Enforced, where every pipeline gets a
   *     role: the role must be in the account the stacks are in, which the administrator checks)
   */
  Optional<String> problem(DataPipeline pipeline, String roleArn, boolean fromOwnIdentity) {
    Optional<Placement> found = recorded(pipeline);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Placement was = found.get();
    Placement now = desired(pipeline, roleArn);
    if (was.region != null && !was.region.equals(now.region)) {
      return Optional.of(
          "spec.aws.region: is "
              + now.region
              + " but the pipeline's stacks are in "
              + was.region
              + "; "
              + AwsSpec.REGION_IMMUTABLE);
    }
    if (pipeline.getStatus().placement != null
        && !(fromOwnIdentity && was.roleArn == null)
        && !Placement.accountOf(was.roleArn).equals(Placement.accountOf(now.roleArn))) {
      return Optional.of(
          "spec.aws.roleArn: names account "
              + describeAccount(now.roleArn)
              + " but the pipeline's stacks are in "
              + describeAccount(was.roleArn)
              + "; "
              + AwsSpec.ACCOUNT_IMMUTABLE);
    }
    if (was.network != null && now.network != null && !Objects.equals(was.network, now.network)) {
      return Optional.of(
          "spec.network: asks for "
              + now.network
              + " subnets but the pipeline was deployed with "
              + was.network
              + " ones; "
              + NetworkSpec.MODE_IMMUTABLE);
    }
    return Optional.empty();
  }

  /** The account and identity deletion must use: the recorded one when there is one. */
  AwsTarget deletionTarget(DataPipeline pipeline) {
    Placement where = recorded(pipeline).orElse(desired(pipeline));
    String roleArn =
        pipeline.getStatus() != null && pipeline.getStatus().placement != null
            ? where.roleArn
            : desired(pipeline).roleArn;
    return new AwsTarget(where.region == null ? desired(pipeline).region : where.region, roleArn);
  }

  private static String describeAccount(String roleArn) {
    return roleArn == null ? "of the operator's own identity" : Placement.accountOf(roleArn);
  }
}
