package io.datapipeline.operator.aws;

import java.time.Duration;

/**
 * What the AWS adapters need from the operator's configuration, so they do not depend on the
 * application's wiring.
 *
 * @param endpointUrl endpoint override for every AWS client (tests, sandbox), or null
 * @param pollInterval settled DescribeStacks interval per account/region
 * @param fastPollInterval DescribeStacks interval while any stack is in progress
 */
public record AwsClientSettings(
    String endpointUrl, Duration pollInterval, Duration fastPollInterval) {}
