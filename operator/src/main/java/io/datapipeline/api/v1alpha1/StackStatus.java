package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One CloudFormation stack of the pipeline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StackStatus {

  @JsonPropertyDescription("network, database, table, converter, storage or dashboard.")
  public String component;

  @JsonPropertyDescription("CloudFormation stack name.")
  public String stackName;

  @JsonPropertyDescription("CloudFormation stack id (ARN).")
  public String stackId;

  @JsonPropertyDescription("CloudFormation stack status, e.g. CREATE_COMPLETE.")
  public String status;

  @JsonPropertyDescription(
      "When the stack failed: the first failing resource and CloudFormation's reason.")
  public String reason;

  @JsonPropertyDescription("Hash of the deployed template and parameters.")
  public String templateHash;

  @JsonPropertyDescription("When the operator last saw the stack change (RFC 3339).")
  public String lastUpdated;

  @JsonPropertyDescription(
      "A change set waiting for approval (updatePolicy Manual, or a data replacement under"
          + " replacementPolicy Guard).")
  public PendingChangeSet pendingChangeSet;

  @JsonPropertyDescription("The last drift detection of the stack and when the next is due.")
  public DriftStatus drift;

  /** A change set created but not executed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PendingChangeSet {
    @JsonPropertyDescription("Change set name; execute it to apply.")
    public String name;

    @JsonPropertyDescription("Number of resource changes.")
    public Integer changes;

    @JsonPropertyDescription("Logical ids of resources the change set would replace.")
    public List<String> replacements;

    @JsonPropertyDescription(
        "Why it waits: ChangeSetPendingApproval (updatePolicy Manual) or DataReplacement (it would"
            + " replace or remove a data resource).")
    public String reason;

    @JsonPropertyDescription("One line for people: what the change set does.")
    public String summary;

    @JsonPropertyDescription("The resource changes, as CloudFormation previewed them.")
    public List<ResourceChange> resourceChanges;
  }

  /** One resource change of a change set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceChange {
    @JsonPropertyDescription("Logical id in the template.")
    public String logicalId;

    @JsonPropertyDescription("CloudFormation resource type, e.g. AWS::RDS::DBInstance.")
    public String resourceType;

    @JsonPropertyDescription("Add, Modify, Remove, Import or Dynamic.")
    public String action;

    @JsonPropertyDescription("For Modify: True (a new resource replaces it), Conditional or False.")
    public String replacement;
  }
}
