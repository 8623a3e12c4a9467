package io.datapipeline.render;

import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.api.v1alpha1.NamingScheme;
import io.datapipeline.api.v1alpha1.ResourceNames;
import io.datapipeline.api.v1alpha1.StackStatus;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AWS names of one pipeline: the ones its status records first (a pipeline keeps the names it
 * was deployed with, forever), else those of its naming scheme. A pipeline never deployed gets
 * {@link NamingScheme#Hashed}; one whose status shows a deployment from before names were recorded
 * keeps {@link NamingScheme#Legacy}. Made by {@link #fresh}, {@link #legacy} or {@link #of}.
 *
 * @param recordedStacks the stack names the status records, by component
 * @param recordedBucket the default bucket's name as recorded, or null
 * @param recordedCluster the Grafana ECS cluster's name as recorded, or null
 * @param fromStatus whether the status told the names (a record, or a deployment before names were
 *     recorded); false for a pipeline whose status records nothing, new or with its status lost
 */
public record PipelineNames(
    PipelineIdentity identity,
    NamingScheme scheme,
    Map<Component, String> recordedStacks,
    String recordedBucket,
    String recordedCluster,
    boolean fromStatus) {

  /** The suffix of the Grafana ECS cluster's name (after the pipeline's name prefix). */
  static final String DASHBOARD_CLUSTER_SUFFIX = "grafana";

  public PipelineNames {
    recordedStacks = Collections.unmodifiableMap(recordedStacks);
  }

  /** A pipeline with nothing on record: the current scheme, {@link NamingScheme#Hashed}. */
  public static PipelineNames fresh(PipelineIdentity identity) {
    return new PipelineNames(
        identity, NamingScheme.Hashed, new EnumMap<>(Component.class), null, null, false);
  }

  /**
   * A pipeline found deployed under {@link NamingScheme#Legacy} names though its status records
   * nothing (the status was lost): it keeps them.
   */
  public static PipelineNames legacy(PipelineIdentity identity) {
    return new PipelineNames(
        identity, NamingScheme.Legacy, new EnumMap<>(Component.class), null, null, true);
  }

  /**
   * The names {@code status} records for the pipeline, the rest from its scheme: {@code
   * status.names.scheme}; without one, Hashed if a recorded stack has a hashed name, Legacy if the
   * status shows any deployment (stacks, placement or outputs written before names were recorded),
   * else Hashed.
   */
  public static PipelineNames of(PipelineIdentity identity, DataPipelineStatus status) {
    if (status == null) {
      return fresh(identity);
    }
    Map<Component, String> stacks = new EnumMap<>(Component.class);
    if (status.stacks != null) {
      for (StackStatus s : status.stacks) {
        Component component = component(s.component);
        if (component != null && s.stackName != null && !s.stackName.isBlank()) {
          stacks.put(component, s.stackName);
        }
      }
    }
    ResourceNames names = status.names;
    if (names != null && names.stacks != null) {
      // What was recorded as deployed wins over the per-stack entries (which a removed component
      // may have left behind).
      names.stacks.forEach(
          (id, name) -> {
            Component component = component(id);
            if (component != null && name != null && !name.isBlank()) {
              stacks.put(component, name);
            }
          });
    }
    boolean deployed = !stacks.isEmpty() || status.placement != null || status.outputs != null;
    NamingScheme scheme =
        names != null && names.scheme != null ? names.scheme : inferred(identity, deployed, stacks);
    return new PipelineNames(
        identity,
        scheme,
        stacks,
        names == null ? null : blankToNull(names.bucket),
        names == null ? null : blankToNull(names.dashboardCluster),
        deployed || (names != null && names.scheme != null));
  }

  private static NamingScheme inferred(
      PipelineIdentity identity, boolean deployed, Map<Component, String> stacks) {
    boolean hashed =
        stacks.entrySet().stream()
            .anyMatch(e -> e.getValue().equals(Names.hashedName(identity, e.getKey().id())));
    if (hashed) {
      return NamingScheme.Hashed;
    }
    return deployed ? NamingScheme.Legacy : NamingScheme.Hashed;
  }

  /**
   * A status that records these names and nothing else, for rendering a pipeline with names found
   * elsewhere than in its status ({@link #legacy}).
   */
  public DataPipelineStatus asStatus() {
    DataPipelineStatus status = new DataPipelineStatus();
    status.names = record(List.of());
    return status;
  }

  /** The component's stack: as recorded, else by the pipeline's scheme. */
  public String stackName(Component component) {
    String recorded = recordedStacks.get(component);
    return recorded != null ? recorded : schemeName(component.id());
  }

  /** The bucket when {@code spec.ingest.bucketName} is not set: as recorded, else derived. */
  public String defaultBucketName() {
    return recordedBucket != null ? recordedBucket : Names.defaultBucketName(identity);
  }

  /** The Grafana ECS cluster (unique per account and region): as recorded, else by the scheme. */
  public String dashboardClusterName() {
    return recordedCluster != null ? recordedCluster : schemeName(DASHBOARD_CLUSTER_SUFFIX);
  }

  /**
   * What {@code status.names} records once {@code deployed} were deployed: the scheme, every stack
   * name on record plus theirs, the default bucket and (with a dashboard on record or deployed) the
   * cluster.
   */
  public ResourceNames record(Collection<Component> deployed) {
    Map<String, String> stacks = new TreeMap<>();
    recordedStacks.forEach((c, name) -> stacks.put(c.id(), name));
    for (Component c : deployed) {
      stacks.put(c.id(), stackName(c));
    }
    boolean dashboard = recordedCluster != null || deployed.contains(Component.DASHBOARD);
    return new ResourceNames(
        scheme, stacks, defaultBucketName(), dashboard ? dashboardClusterName() : null);
  }

  private String schemeName(String suffix) {
    return scheme == NamingScheme.Legacy
        ? Names.legacyName(identity, suffix)
        : Names.hashedName(identity, suffix);
  }

  @Override
  public String toString() {
    return scheme + " names of " + identity.qualifiedName();
  }

  private static Component component(String id) {
    if (id == null) {
      return null;
    }
    try {
      return Component.valueOf(id.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null; // a component this operator does not know: not ours to name
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
