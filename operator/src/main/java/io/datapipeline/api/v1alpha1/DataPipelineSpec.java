package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What the tenant asks for. Java field initialisers repeat the schema defaults so that objects read
 * from an API server that does not apply defaults (tests, the sandbox) behave the same.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.network.vpcId) || !self.dashboard.enabled"
            + " || has(self.network.publicSubnetIds)",
    message =
        "network.publicSubnetIds is required when the dashboard is enabled (its load balancer)",
    fieldPath = ".network.publicSubnetIds")
@ValidationRule(
    value =
        "!has(self.converter.image) || self.converter.image.split('.').size() < 4"
            + " || self.converter.image.split('.')[3] == self.aws.region",
    message =
        "converter.image must be in an ECR repository of aws.region (Lambda pulls images only from"
            + " its own region)",
    fieldPath = ".converter.image")
@ValidationRule(
    value =
        "!has(self.dashboard.certificateArn)"
            + " || self.dashboard.certificateArn.split(':').size() < 4"
            + " || self.dashboard.certificateArn.split(':')[3] == self.aws.region",
    message =
        "dashboard.certificateArn must be an ACM certificate of aws.region (a load balancer uses"
            + " certificates of its own region)",
    fieldPath = ".dashboard.certificateArn")
public class DataPipelineSpec {

  @Required
  @JsonPropertyDescription("The AWS account and region the pipeline's stacks are deployed to.")
  public AwsSpec aws;

  @Required
  @JsonPropertyDescription(
      "Where the pipeline runs: existing subnets of a VPC, or `create` for a network the operator"
          + " owns.")
  public NetworkSpec network;

  @Default("{}")
  @JsonPropertyDescription("Which uploads to the bucket the converter picks up.")
  public IngestSpec ingest = new IngestSpec();

  @Required
  @JsonPropertyDescription(
      "The CSV contract: how files are parsed and the typed columns they hold. Same shape as the"
          + " converter's --schema file.")
  public SchemaSpec schema;

  @Default("{}")
  @JsonPropertyDescription("The Lambda function that converts each uploaded file.")
  public ConverterSpec converter = new ConverterSpec();

  @Default("{}")
  @JsonPropertyDescription("The RDS PostgreSQL database the rows are loaded into.")
  public DatabaseSpec database = new DatabaseSpec();

  @Default("{}")
  @JsonPropertyDescription("The DynamoDB table the rows are loaded into.")
  public TableSpec table = new TableSpec();

  @Default("{}")
  @JsonPropertyDescription("Grafana on ECS Fargate behind an Application Load Balancer.")
  public DashboardSpec dashboard = new DashboardSpec();

  @Default("Automatic")
  @JsonPropertyDescription(
      "Automatic applies stack changes at once; Manual creates change sets and waits until one is"
          + " approved by name (annotation datapipeline.io/approve or spec.approvedChangeSet). The"
          + " first creation of a stack is not gated: there is nothing deployed to protect yet.")
  public UpdatePolicy updatePolicy = UpdatePolicy.Automatic;

  @JsonPropertyDescription(
      "GitOps approval: the name(s) of the change set(s) to execute, comma-separated, exactly as"
          + " status.stacks[].pendingChangeSet.name shows them. A name that is not the pending"
          + " change set is ignored (an Event says why). Same effect as the annotation"
          + " datapipeline.io/approve.")
  @Size(max = 1024)
  @Pattern("^[A-Za-z][-A-Za-z0-9]*(, *[A-Za-z][-A-Za-z0-9]*)*$")
  public String approvedChangeSet;

  @Default("Guard")
  @JsonPropertyDescription(
      "Guard (default): a change set that would replace or remove a data resource (database,"
          + " table, buckets, the database's network) waits for approval by name even under"
          + " updatePolicy Automatic, and a stack policy denies such changes to anything else."
          + " Allow: such change sets follow updatePolicy.")
  public ReplacementPolicy replacementPolicy = ReplacementPolicy.Guard;

  @Default("Detect")
  @JsonPropertyDescription(
      "Detect (default): drift detection per stack on the operator's schedule, reported in"
          + " status.stacks[].drift and condition Drifted. Revert: also bring drifted resources back"
          + " to the template through a drift-aware change set, gated by updatePolicy and"
          + " replacementPolicy like any other.")
  public DriftPolicy driftPolicy = DriftPolicy.Detect;

  @Default("false")
  @JsonPropertyDescription(
      "When true, the operator makes no AWS call at all for this pipeline; status says Suspended.")
  public Boolean suspend = false;
}
