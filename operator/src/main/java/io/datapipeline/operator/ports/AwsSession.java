package io.datapipeline.operator.ports;

import io.datapipeline.operator.cloudformation.CloudFormationApi;

/**
 * Everything the reconciler uses in one account and region.
 *
 * @param target the region and identity the calls are made with (one per pipeline for assumed
 *     roles)
 * @param accountRegion {@code <region>/<account>}: what every session there shares (the bootstrap
 *     stack, its artifacts bucket, the observation), whichever identity or pipeline it acts for
 */
public record AwsSession(
    AwsTarget target,
    String accountRegion,
    CloudFormationApi cloudFormation,
    StackObserver stacks,
    ArtifactStore artifacts,
    DashboardReader dashboard,
    DataPathReader dataPath,
    DatabaseSnapshots snapshots) {}
