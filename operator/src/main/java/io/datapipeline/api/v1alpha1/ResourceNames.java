package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The AWS names a pipeline was deployed with, recorded by the operator and reused for as long as
 * the pipeline exists: a new naming scheme applies to new pipelines only, never renames (and so
 * replaces) the stacks of a running one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceNames {

  @JsonPropertyDescription(
      "How the names were made: Hashed (dp-<namespace>-<name>-<16 hex of sha256 of"
          + " namespace/name>-<component>, unambiguous across namespaces) or Legacy"
          + " (dp-<namespace>-<name>-<component>, kept by pipelines deployed before Hashed)."
          + " Components deployed later are named by the same scheme.")
  public NamingScheme scheme;

  @JsonPropertyDescription("Stack name of each component deployed (component -> stack name).")
  public Map<String, String> stacks;

  @JsonPropertyDescription(
      "The default ingest bucket name (used while spec.ingest.bucketName is not set).")
  public String bucket;

  @JsonPropertyDescription("Name of the ECS cluster running Grafana.")
  public String dashboardCluster;

  public ResourceNames() {}

  public ResourceNames(
      NamingScheme scheme, Map<String, String> stacks, String bucket, String dashboardCluster) {
    this.scheme = scheme;
    this.stacks = stacks == null ? null : new TreeMap<>(stacks);
    this.bucket = bucket;
    this.dashboardCluster = dashboardCluster;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceNames other
        && scheme == other.scheme
        && Objects.equals(stacks, other.stacks)
        && Objects.equals(bucket, other.bucket)
        && Objects.equals(dashboardCluster, other.dashboardCluster);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, stacks, bucket, dashboardCluster);
  }
}
