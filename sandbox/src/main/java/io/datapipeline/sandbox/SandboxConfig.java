package io.datapipeline.sandbox;

import java.nio.file.Path;

/**
 * What the sandbox is told on start.
 *
 * @param workDir where the kubeconfig, PostgreSQL and logs live
 * @param stateFile where the endpoints are written as JSON
 * @param region the default AWS region (a pipeline's own {@code spec.aws.region} wins)
 * @param externalOperator start everything but the operator, which the developer runs
 */
public record SandboxConfig(Path workDir, Path stateFile, String region, boolean externalOperator) {

  public SandboxConfig(Path workDir, Path stateFile, String region) {
    this(workDir, stateFile, region, false);
  }

  public static final String DEFAULT_REGION = "us-east-1";

  public SandboxConfig {
    workDir = workDir.toAbsolutePath().normalize();
    stateFile = stateFile == null ? workDir.resolve("state.json") : stateFile.toAbsolutePath();
    region = region == null ? DEFAULT_REGION : region;
  }
}
