package io.datapipeline.operator.cloudformation;

/**
 * A resource that differs from its template, from DescribeStackResourceDrifts.
 *
 * @param driftStatus MODIFIED or DELETED
 * @param properties the differing property paths, comma-separated (empty for DELETED)
 */
public record ResourceDrift(
    String logicalId, String resourceType, String driftStatus, String properties) {}
