package io.datapipeline.operator.aws;

import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.observe.StackObserver;

/** Everything the reconciler uses in one account and region. */
public record AwsSession(
    AwsTarget target,
    CloudFormationApi cloudFormation,
    StackObserver stacks,
    ArtifactStore artifacts,
    DashboardReader dashboard) {}
