package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * A stack deletion the operator started and has not yet seen finish, kept in the status so that an
 * operator restarted meanwhile still names what the deletion kept and the final snapshots it took
 * once the stack is gone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StackDeletionStatus {

  @JsonPropertyDescription("CloudFormation stack name.")
  public String stackName;

  @JsonPropertyDescription("The stack's id (its ARN): a deleted stack's events are read by id.")
  public String stackId;

  @JsonPropertyDescription(
      "Databases the deletion snapshots (DeletionPolicy Snapshot), logical id to resource type.")
  public Map<String, String> snapshotted;

  @JsonPropertyDescription(
      "Resources the deployed template keeps (DeletionPolicy Retain), logical id to resource type;"
          + " absent when the template could not be read.")
  public Map<String, String> retained;
}
