package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The retry budget of a stack deletion that ended in DELETE_FAILED, kept in the status so an
 * operator restart continues it instead of granting a fresh one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeleteRetryStatus {

  @JsonPropertyDescription("CloudFormation stack name.")
  public String stackName;

  @JsonPropertyDescription("Deletes retried so far after DELETE_FAILED.")
  public Integer attempts;

  @JsonPropertyDescription("When the deletion first failed (RFC 3339).")
  public String firstFailure;

  @JsonPropertyDescription("When the next attempt is due (RFC 3339).")
  public String nextAttempt;
}
