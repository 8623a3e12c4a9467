package io.datapipeline.operator.aws;

/** Hands out the (shared, cached) session of an account and region. */
@FunctionalInterface
public interface AwsSessions {

  AwsSession forTarget(AwsTarget target);
}
