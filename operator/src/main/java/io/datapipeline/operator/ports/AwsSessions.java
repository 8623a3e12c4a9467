package io.datapipeline.operator.ports;

/** Hands out the (shared, cached) session of an account and region. */
@FunctionalInterface
public interface AwsSessions {

  AwsSession forTarget(AwsTarget target);

  /**
   * Whether the pipeline {@code uid} currently needs observing in {@code target}: a shared poller
   * makes no call while no pipeline needs it (all suspended or deleted).
   */
  default void inUse(AwsTarget target, String uid, boolean active) {}
}
