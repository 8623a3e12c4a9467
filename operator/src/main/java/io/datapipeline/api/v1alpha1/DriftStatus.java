package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The last drift detection of one stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftStatus {

  @JsonPropertyDescription(
      "NOT_CHECKED, IN_SYNC, DRIFTED or UNKNOWN (CloudFormation's stack drift status); REVERTED"
          + " between a revert change set and the detection that confirms it.")
  public String status;

  @JsonPropertyDescription("When the last detection finished (RFC 3339).")
  public String checkedAt;

  @JsonPropertyDescription("When the next detection is due (RFC 3339).")
  public String nextCheckAt;

  @JsonPropertyDescription("The detection in progress, if any.")
  public String detectionId;

  @JsonPropertyDescription("Why detection failed or the revert failed, when it did.")
  public String reason;

  @JsonPropertyDescription("Resources found MODIFIED or DELETED.")
  public List<DriftedResource> resources;

  /** One drifted resource. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DriftedResource {
    @JsonPropertyDescription("Logical id in the template.")
    public String logicalId;

    @JsonPropertyDescription("CloudFormation resource type.")
    public String resourceType;

    @JsonPropertyDescription("MODIFIED or DELETED.")
    public String status;

    @JsonPropertyDescription("The differing property paths, comma-separated.")
    public String properties;
  }
}
