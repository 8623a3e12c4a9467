package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The DynamoDB table, keyed by {@code schema.primaryKey}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.billingMode != 'PROVISIONED' || (has(self.readCapacity) && has(self.writeCapacity))",
    message = "table.billingMode PROVISIONED needs readCapacity and writeCapacity")
@ValidationRule(
    value =
        "self.billingMode == 'PROVISIONED' || (!has(self.readCapacity) && !has(self.writeCapacity))",
    message = "table.readCapacity and writeCapacity apply only to billingMode PROVISIONED")
public class TableSpec {

  @Default("PAY_PER_REQUEST")
  @JsonPropertyDescription("PAY_PER_REQUEST (on demand) or PROVISIONED (with capacities).")
  public BillingMode billingMode = BillingMode.PAY_PER_REQUEST;

  @Min(1)
  @Max(40000)
  @JsonPropertyDescription("Read capacity units, with billingMode PROVISIONED.")
  public Integer readCapacity;

  @Min(1)
  @Max(40000)
  @JsonPropertyDescription("Write capacity units, with billingMode PROVISIONED.")
  public Integer writeCapacity;

  @Default("true")
  @JsonPropertyDescription("Continuous backups with point-in-time recovery.")
  public Boolean pointInTimeRecovery = true;

  @Default("Retain")
  @JsonPropertyDescription(
      "What happens to the table when the pipeline is deleted or the table replaced: Retain or"
          + " Delete.")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  /** DynamoDB billing modes. */
  public enum BillingMode {
    PAY_PER_REQUEST,
    PROVISIONED
  }

  /** Maps to CloudFormation's DeletionPolicy/UpdateReplacePolicy. */
  public enum DeletionPolicy {
    Retain,
    Delete
  }
}
