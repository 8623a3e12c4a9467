package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataPipelineStatus {

  @JsonPropertyDescription("The metadata.generation the status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, Reconciling, Stalled, Suspended, AwaitingApproval, Drifted and one per component (NetworkReady, DatabaseReady,"
          + " TableReady, ConverterReady, StorageReady, DashboardReady).")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("One entry per CloudFormation stack, in deployment order.")
  public List<StackStatus> stacks = new ArrayList<>();

  @JsonPropertyDescription("Where to find what the pipeline created. Never a password.")
  public PipelineOutputs outputs;

  @JsonPropertyDescription(
      "Name of the Secret in this namespace holding the outputs (no password).")
  public String connectionSecret;

  @JsonPropertyDescription("Grafana tasks and the last auto scaling activity.")
  public DashboardStatus dashboard;

  @JsonPropertyDescription(
      "Approvals (annotation datapipeline.io/approve, spec.approvedChangeSet) already acted on:"
          + " executed or ignored, each announced by one Event.")
  public List<String> handledApprovals;

  @JsonPropertyDescription(
      "Where the stacks were deployed (region, role, network mode): the spec cannot move them.")
  public Placement placement;

  @JsonPropertyDescription(
      "Stack deletions that failed (DELETE_FAILED) and are retried with backoff within a budget:"
          + " attempts so far and when the next is due; kept here so an operator restart does not"
          + " reset the budget.")
  public List<DeleteRetryStatus> deleteRetries;

  @JsonPropertyDescription(
      "Stack deletions asked of CloudFormation and not yet seen finished: what each keeps and"
          + " snapshots, so the Events Retained and FinalSnapshot survive an operator restart.")
  public List<StackDeletionStatus> stackDeletions;

  @JsonPropertyDescription(
      "The AWS names the pipeline was deployed with (stacks, default bucket, Grafana cluster),"
          + " kept for as long as it exists: a newer naming scheme never renames (and so"
          + " replaces) what a pipeline has.")
  public ResourceNames names;

  @JsonPropertyDescription(
      "The database engine version last deployed; a spec naming an older major version is"
          + " refused (RDS cannot downgrade).")
  public String databaseEngineVersion;
}
