package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The AWS identities and regions a tenant's pipelines may use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantAwsGrant {

  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(r, self.exists_one(s, s == r))",
      message = "aws.roleArns must not repeat a role")
  @JsonPropertyDescription(
      "IAM roles (exact ARNs, no wildcards) the operator may assume for these pipelines. The first"
          + " is used for a pipeline without spec.aws.roleArn: a tenant's pipeline never acts with"
          + " the operator's own identity.")
  public List<@Size(max = 2048) @Pattern(Patterns.IAM_ROLE_ARN) String> roleArns =
      new ArrayList<>();

  @Required
  @Size(min = 1, max = 32)
  @JsonPropertyDescription("AWS regions the pipelines may deploy to, e.g. eu-west-1.")
  public List<@Size(max = 32) @Pattern(Patterns.REGION) String> regions = new ArrayList<>();

  @Size(max = 2048)
  @Pattern(Patterns.IAM_ROLE_ARN)
  @JsonPropertyDescription(
      "CloudFormation service role forced on every stack of these pipelines: a pipeline may leave"
          + " spec.aws.cloudFormationRoleArn out or name exactly this role. Omit to let stacks be"
          + " deployed with the assumed role's own credentials.")
  public String cloudFormationRoleArn;

  @Size(min = 2, max = 1224)
  @Pattern("^[A-Za-z0-9+=,.@:/_-]+$")
  @JsonPropertyDescription(
      "ExternalId sent on every STS AssumeRole for these pipelines; the roles' trust policies"
          + " should require it (sts:ExternalId).")
  public String externalId;

  @Size(max = 2048)
  @Pattern("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:policy/[A-Za-z0-9+=,.@_/-]{1,512}$")
  @JsonPropertyDescription(
      "IAM managed policy set as the PermissionsBoundary of every IAM role the pipelines'"
          + " stacks create (converter, Grafana task and execution roles). Make it binding with an"
          + " iam:PermissionsBoundary condition on the assumed role's iam:CreateRole (see"
          + " docs/tenancy.md).")
  public String permissionsBoundaryArn;
}
