package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.UpdatePolicy;

/**
 * What the deployer needs to know about the pipeline, read once from the resource.
 *
 * @param cloudFormationRoleArn CloudFormation service role, or null
 * @param changeControl approvals and the replacement guard
 */
public record PipelineRef(
    String namespace,
    String name,
    String uid,
    long generation,
    boolean manualUpdates,
    String cloudFormationRoleArn,
    ChangeControl changeControl) {

  /** The stack tag that says which pipeline a stack belongs to. */
  public static final String UID_TAG = "datapipeline.io/uid";

  public static final String NAMESPACE_TAG = "datapipeline.io/namespace";
  public static final String NAME_TAG = "datapipeline.io/name";

  /** A pipeline with nothing approved and data resources guarded. */
  public PipelineRef(
      String namespace,
      String name,
      String uid,
      long generation,
      boolean manualUpdates,
      String cloudFormationRoleArn) {
    this(
        namespace,
        name,
        uid,
        generation,
        manualUpdates,
        cloudFormationRoleArn,
        ChangeControl.defaults());
  }

  public static PipelineRef of(DataPipeline pipeline) {
    var meta = pipeline.getMetadata();
    var spec = pipeline.getSpec();
    return new PipelineRef(
        meta.getNamespace(),
        meta.getName(),
        meta.getUid(),
        meta.getGeneration() == null ? 0 : meta.getGeneration(),
        spec.updatePolicy == UpdatePolicy.Manual,
        spec.aws == null ? null : spec.aws.cloudFormationRoleArn,
        ChangeControl.of(pipeline));
  }

  /** The same pipeline with the service role its tenant forces (or null). */
  public PipelineRef withCloudFormationRoleArn(String roleArn) {
    return new PipelineRef(namespace, name, uid, generation, manualUpdates, roleArn, changeControl);
  }

  /** The {@code <name>-connection} Secret the pipeline's outputs are published in. */
  public String connectionSecretName() {
    return connectionSecretName(name);
  }

  public static String connectionSecretName(String pipelineName) {
    return pipelineName + "-connection";
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
