package io.datapipeline.operator.cloudformation;

import java.util.Map;
import java.util.Set;

/**
 * A CreateChangeSet call.
 *
 * @param create true for a new stack (change set type CREATE), false for UPDATE
 * @param templateBody the template inline, or null when {@code templateUrl} is used
 * @param templateUrl an S3 URL of the template (bodies over 51,200 bytes), or null
 * @param roleArn CloudFormation service role, or null
 * @param revertDrift a drift-aware change set (deployment mode REVERT_DRIFT): compares the template
 *     with the resources' actual state and brings drifted resources back to the template
 * @param keepParameters parameters sent with UsePreviousValue (the stack keeps the values it has;
 *     an update that changes only the template, such as the one before a delete)
 */
public record ChangeSetRequest(
    String stackName,
    String changeSetName,
    boolean create,
    String templateBody,
    String templateUrl,
    Map<String, String> parameters,
    Map<String, String> tags,
    Set<String> capabilities,
    String roleArn,
    boolean revertDrift,
    Set<String> keepParameters) {

  public ChangeSetRequest {
    parameters = Map.copyOf(parameters);
    keepParameters = Set.copyOf(keepParameters);
    tags = Map.copyOf(tags);
    capabilities = Set.copyOf(capabilities);
  }

  /** An ordinary change set: every parameter's value sent, template against template. */
  public ChangeSetRequest(
      String stackName,
      String changeSetName,
      boolean create,
      String templateBody,
      String templateUrl,
      Map<String, String> parameters,
      Map<String, String> tags,
      Set<String> capabilities,
      String roleArn) {
    this(
        stackName,
        changeSetName,
        create,
        templateBody,
        templateUrl,
        parameters,
        tags,
        capabilities,
        roleArn,
        false,
        Set.of());
  }
}
