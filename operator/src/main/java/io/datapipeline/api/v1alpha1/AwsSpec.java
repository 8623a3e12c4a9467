package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.TreeMap;

/** The AWS account, region and identity the pipeline's stacks live in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.roleArn) || !has(self.cloudFormationRoleArn)"
            + " || self.roleArn.split(':').size() < 5"
            + " || self.cloudFormationRoleArn.split(':').size() < 5"
            + " || self.roleArn.split(':')[4] == self.cloudFormationRoleArn.split(':')[4]",
    message =
        "aws.cloudFormationRoleArn must be in the account of aws.roleArn (CloudFormation passes"
            + " only roles of the stack's account)",
    fieldPath = ".cloudFormationRoleArn")
@ValidationRule(
    value = "self.region == oldSelf.region",
    message = AwsSpec.REGION_IMMUTABLE,
    fieldPath = ".region")
@ValidationRule(
    value =
        "(has(self.roleArn) && self.roleArn.split(':').size() >= 5"
            + " ? self.roleArn.split(':')[4] : '')"
            + " == (has(oldSelf.roleArn) && oldSelf.roleArn.split(':').size() >= 5"
            + " ? oldSelf.roleArn.split(':')[4] : '')",
    message = AwsSpec.ACCOUNT_IMMUTABLE,
    fieldPath = ".roleArn")
public class AwsSpec {

  /** How to move a pipeline, said wherever its placement is refused (CEL and the operator). */
  public static final String HOW_TO_MOVE =
      "to move a pipeline, create a new DataPipeline (another name) in the new place, move the"
          + " data, then delete this one";

  public static final String REGION_IMMUTABLE =
      "aws.region cannot change once set: its stacks, bucket and data stay in the old region; "
          + HOW_TO_MOVE;

  public static final String ACCOUNT_IMMUTABLE =
      "the account of aws.roleArn cannot change once set (adding or removing the role changes it"
          + " too): its stacks and data stay in the old account; "
          + HOW_TO_MOVE;

  @Required
  @Size(max = 32)
  @Pattern(Patterns.REGION)
  @JsonPropertyDescription("AWS region of every stack, e.g. eu-west-1.")
  public String region;

  @Size(max = 2048)
  @Pattern(Patterns.IAM_ROLE_ARN)
  @JsonPropertyDescription(
      "IAM role the operator assumes (STS AssumeRole) for this pipeline's account. Under"
          + " TENANCY=Enforced it must be one its namespace's DataPipelineTenant grants, and"
          + " omitted means the tenant's first role; under Open, omitted means the operator's own"
          + " identity.")
  public String roleArn;

  @Size(max = 2048)
  @Pattern(Patterns.IAM_ROLE_ARN)
  @JsonPropertyDescription(
      "CloudFormation service role: CloudFormation creates the resources with this role instead of"
          + " the caller's credentials. Under TENANCY=Enforced the tenant's service role is used"
          + " (this field may only repeat it).")
  public String cloudFormationRoleArn;

  @Default("{}")
  @Size(max = 40)
  @ValidationRule(
      value =
          "self.all(k, k.size() <= 128 && !k.startsWith('aws:')"
              + " && !k.startsWith('datapipeline.io/'))",
      message =
          "aws.tags keys must be at most 128 characters and must not start with `aws:` or"
              + " `datapipeline.io/`")
  @JsonPropertyDescription(
      "Tags added to every stack, and so to every resource in it. Keys must not start with"
          + " `aws:` or `datapipeline.io/`.")
  public Map<String, @Size(max = 256) String> tags = new TreeMap<>();
}
