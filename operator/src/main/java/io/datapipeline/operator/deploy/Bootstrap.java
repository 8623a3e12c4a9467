package io.datapipeline.operator.deploy;

import io.datapipeline.operator.aws.AwsSession;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.cloudformation.StackView;
import java.util.Optional;

/** Reads the per account/region bootstrap stack (contracts.md) the pipelines depend on. */
public final class Bootstrap {

  public static final String STACK_NAME = "datapipeline-bootstrap";
  public static final String ARTIFACTS_BUCKET_OUTPUT = "ArtifactsBucketName";

  private Bootstrap() {}

  /** The artifacts bucket, once the bootstrap stack is deployed. */
  public static Optional<String> artifactsBucket(AwsSession aws) {
    return aws.stacks()
        .stack(STACK_NAME)
        .filter(s -> StackStates.settled(s.status()))
        .map(StackView::outputs)
        .map(o -> o.get(ARTIFACTS_BUCKET_OUTPUT));
  }
}
