package io.datapipeline.operator.ports;

import io.datapipeline.operator.cloudformation.CloudFormationApi;

/** Everything the reconciler uses in one account and region. */
public record AwsSession(
    AwsTarget target,
    CloudFormationApi cloudFormation,
    StackObserver stacks,
    ArtifactStore artifacts,
    DashboardReader dashboard,
    DataPathReader dataPath,
    DatabaseSnapshots snapshots) {}
