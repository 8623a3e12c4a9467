package io.datapipeline.operator.ports;

import java.util.Optional;

/** Hands out the (shared, cached) session of an account and region. */
@FunctionalInterface
public interface AwsSessions {

  AwsSession forTarget(AwsTarget target);

  /**
   * The account {@code target}'s stacks are deployed into: the assumed role's (from its ARN), or
   * that of the operator's own credentials, which only a real implementation can ask STS for.
   */
  default String accountOf(AwsTarget target) {
    return target
        .roleAccount()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the account of the operator's own credentials is unknown here"));
  }

  /**
   * Whether the pipeline {@code uid} currently needs observing in {@code target}: a shared poller
   * makes no call while no pipeline needs it (all suspended or deleted).
   */
  default void inUse(AwsTarget target, String uid, boolean active) {}

  /**
   * How much of its stack quota the account and region of {@code target} uses, when known (read
   * rarely and cached by the implementation; never a call per reconcile).
   */
  default Optional<StackQuotaUsage> stackQuota(AwsTarget target) {
    return Optional.empty();
  }
}
