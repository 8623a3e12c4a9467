package io.datapipeline.render;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a pipeline's spec into the stacks that implement it: pure, no Kubernetes or AWS client. The
 * same spec, identity and defaults always give byte-identical templates.
 */
public final class PipelineRenderer {

  private final RenderDefaults defaults;

  public PipelineRenderer(RenderDefaults defaults) {
    this.defaults = defaults;
  }

  /** Renders the plan of a custom resource (namespace, name and uid from its metadata). */
  public StackPlan render(DataPipeline pipeline) {
    return render(pipeline, null);
  }

  /**
   * As {@link #render(DataPipeline)}, every IAM role created with {@code permissionsBoundaryArn} (a
   * tenant's {@code aws.permissionsBoundaryArn}; null: none) as its PermissionsBoundary. The names
   * are those the pipeline's status records ({@link PipelineNames#of}).
   */
  public StackPlan render(DataPipeline pipeline, String permissionsBoundaryArn) {
    var metadata = pipeline.getMetadata();
    if (metadata == null) {
      throw new InvalidSpecException("metadata", "is required");
    }
    PipelineIdentity identity =
        new PipelineIdentity(metadata.getNamespace(), metadata.getName(), metadata.getUid());
    return render(
        pipeline.getSpec(),
        PipelineNames.of(identity, pipeline.getStatus()),
        permissionsBoundaryArn,
        // What is deployed decides whether an engine version change is a major upgrade.
        pipeline.getStatus() == null ? null : pipeline.getStatus().databaseEngineVersion);
  }

  /**
   * Renders the stacks of {@code spec} in dependency order, and the artifacts (the schema document)
   * the operator uploads before deploying them.
   *
   * @throws InvalidSpecException naming the field when the spec cannot be rendered
   */
  public StackPlan render(DataPipelineSpec spec, PipelineIdentity identity) {
    return render(spec, identity, null);
  }

  /**
   * As {@link #render(DataPipelineSpec, PipelineIdentity)}, with {@code permissionsBoundaryArn}
   * (null: none) as the PermissionsBoundary of every IAM role the stacks create. A pipeline with
   * nothing on record: its names are the current scheme's.
   */
  public StackPlan render(
      DataPipelineSpec spec, PipelineIdentity identity, String permissionsBoundaryArn) {
    return render(spec, PipelineNames.fresh(identity), permissionsBoundaryArn);
  }

  /**
   * As {@link #render(DataPipelineSpec, PipelineIdentity, String)} with the pipeline's {@code
   * names} (those its status records, e.g. stack names of an older scheme, kept).
   */
  public StackPlan render(
      DataPipelineSpec spec, PipelineNames names, String permissionsBoundaryArn) {
    return render(spec, names, permissionsBoundaryArn, null);
  }

  /**
   * As {@link #render(DataPipelineSpec, PipelineNames, String)}, knowing the database engine
   * version deployed now (null: none), so only a major upgrade sets AllowMajorVersionUpgrade.
   */
  public StackPlan render(
      DataPipelineSpec spec,
      PipelineNames names,
      String permissionsBoundaryArn,
      String deployedEngineVersion) {
    if (spec == null) {
      throw new InvalidSpecException("spec", "is required");
    }
    RenderContext.checkRequired(spec);
    RenderContext context =
        new RenderContext(spec, names, defaults, permissionsBoundaryArn, deployedEngineVersion);
    List<StackSpec> stacks = new ArrayList<>();
    if (context.createsNetwork()) {
      stacks.add(NetworkStack.render(context));
    }
    stacks.add(DatabaseStack.render(context));
    stacks.add(TableStack.render(context));
    stacks.add(ConverterStack.render(context));
    stacks.add(StorageStack.render(context));
    if (context.dashboardEnabled()) {
      stacks.add(DashboardStack.render(context));
    }
    return new StackPlan(
        List.copyOf(stacks), Map.of(context.schema().key(), context.schema().json()), names);
  }
}
