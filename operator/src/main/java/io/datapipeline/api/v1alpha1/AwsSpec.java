package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;
import java.util.TreeMap;

/** The AWS account, region and identity the pipeline's stacks live in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AwsSpec {

  @Required
  @Pattern(Patterns.REGION)
  @JsonPropertyDescription("AWS region of every stack, e.g. eu-west-1.")
  public String region;

  @Pattern(Patterns.IAM_ROLE_ARN)
  @JsonPropertyDescription(
      "IAM role the operator assumes (STS AssumeRole) for this pipeline's account. Omit to use the"
          + " operator's own identity.")
  public String roleArn;

  @Pattern(Patterns.IAM_ROLE_ARN)
  @JsonPropertyDescription(
      "CloudFormation service role: CloudFormation creates the resources with this role instead of"
          + " the caller's credentials.")
  public String cloudFormationRoleArn;

  @Size(max = 40)
  @JsonPropertyDescription(
      "Tags added to every stack, and so to every resource in it. Keys must not start with"
          + " `aws:` or `datapipeline.io/`.")
  public Map<String, String> tags = new TreeMap<>();
}
