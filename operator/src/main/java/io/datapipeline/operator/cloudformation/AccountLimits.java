package io.datapipeline.operator.cloudformation;

/**
 * CloudFormation's quotas of an account and region (DescribeAccountLimits), apart from {@link
 * CloudFormationApi}: read rarely, by the observation of the account, not by pipelines.
 */
public interface AccountLimits {

  /**
   * How many stacks the account may have in the region ({@code StackLimit}).
   *
   * @throws CloudFormationException when it cannot be read (not allowed, not offered)
   */
  int stackLimit();
}
