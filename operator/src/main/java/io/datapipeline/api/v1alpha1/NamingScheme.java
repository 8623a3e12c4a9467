package io.datapipeline.api.v1alpha1;

/**
 * How a pipeline's AWS names (stacks, the Grafana ECS cluster) are made. Recorded in {@code
 * status.names} and never changed for a pipeline: renaming a stack or a cluster would replace it.
 */
public enum NamingScheme {
  /**
   * {@code dp-<namespace>-<name>-<16 hex of sha256(namespace/name)>-<component>}: no two
   * namespace/name pairs share a name. Every pipeline deployed since it exists.
   */
  Hashed,
  /**
   * {@code dp-<namespace>-<name>-<component>}: ambiguous across namespaces ({@code team-a}/{@code
   * orders} and {@code team}/{@code a-orders}); kept by pipelines deployed before Hashed.
   */
  Legacy
}
