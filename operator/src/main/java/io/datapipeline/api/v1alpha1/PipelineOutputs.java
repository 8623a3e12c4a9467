package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The stack outputs a tenant needs. Never a password. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineOutputs {

  @JsonPropertyDescription("S3 bucket; upload CSV files under ingest.prefix.")
  public String bucketName;

  @JsonPropertyDescription("ARN of the converter Lambda function.")
  public String converterFunctionArn;

  @JsonPropertyDescription("ARN of the SQS queue holding files that failed to convert.")
  public String failureQueueArn;

  @JsonPropertyDescription("Host name of the PostgreSQL database.")
  public String databaseEndpoint;

  @JsonPropertyDescription("Port of the PostgreSQL database.")
  public String databasePort;

  @JsonPropertyDescription(
      "ARN of the Secrets Manager secret with the database credentials (the secret, not its"
          + " value).")
  public String databaseSecretArn;

  @JsonPropertyDescription("Name of the DynamoDB table.")
  public String tableName;

  @JsonPropertyDescription("URL of the Grafana dashboard.")
  public String dashboardUrl;
}
