package io.datapipeline.operator.tenancy;

/**
 * What a permitted pipeline acts with in AWS: the identity and region the operator uses for it and
 * the CloudFormation service role forced on its stacks.
 *
 * @param tenant the DataPipelineTenant that granted it, or null under {@code TENANCY=Open}
 * @param roleArn role assumed for the pipeline; null only under {@code Open} (operator's identity)
 * @param cloudFormationRoleArn service role on every stack, or null
 * @param externalId sent on AssumeRole, or null
 * @param permissionsBoundaryArn managed policy set as PermissionsBoundary on every IAM role the
 *     pipeline's templates create, or null
 */
public record Grant(
    String tenant,
    String region,
    String roleArn,
    String cloudFormationRoleArn,
    String externalId,
    String permissionsBoundaryArn) {

  /** A grant without a permissions boundary. */
  public Grant(
      String tenant,
      String region,
      String roleArn,
      String cloudFormationRoleArn,
      String externalId) {
    this(tenant, region, roleArn, cloudFormationRoleArn, externalId, null);
  }
}
