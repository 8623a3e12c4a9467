package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The namespaces a tenant covers and what their pipelines may use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.namespaces) && size(self.namespaces) > 0) || has(self.namespaceSelector)",
    message = "a tenant must name its namespaces or select them with namespaceSelector",
    fieldPath = ".namespaces")
@ValidationRule(
    value =
        "!has(self.aws.cloudFormationRoleArn)"
            + " || self.aws.cloudFormationRoleArn.split(':').size() < 5"
            + " || self.aws.roleArns.exists(r, r.split(':').size() >= 5"
            + " && r.split(':')[4] == self.aws.cloudFormationRoleArn.split(':')[4])",
    message =
        "aws.cloudFormationRoleArn must be in the account of one of aws.roleArns (CloudFormation"
            + " passes only roles of the stack's account)",
    fieldPath = ".aws.cloudFormationRoleArn")
public class TenantSpec {

  @Size(max = 256)
  @ValidationRule(
      value = "self.all(n, self.exists_one(m, m == n))",
      message = "namespaces must not repeat a namespace")
  @JsonPropertyDescription(
      "Namespaces whose DataPipelines this tenant covers, by name. A namespace covered by two"
          + " tenants is refused as ambiguous.")
  public List<@Size(max = 63) @Pattern(Patterns.NAMESPACE) String> namespaces = new ArrayList<>();

  @JsonPropertyDescription(
      "Namespaces covered by their labels (in addition to `namespaces`), as a Kubernetes label"
          + " selector. The operator reads the labels of the pipeline's namespace.")
  public TenantNamespaceSelector namespaceSelector;

  @Required
  @JsonPropertyDescription("The AWS roles and regions this tenant's pipelines may use.")
  public TenantAwsGrant aws;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Converter images the pipelines may run: repositories without tag, `*` matches any"
          + " characters within one dot- or slash-separated part, e.g."
          + " `111111111111.dkr.ecr.*.amazonaws.com/datapipeline-converter`. Empty: any image.")
  public List<@Size(max = 512) String> converterImageRepositories = new ArrayList<>();

  @Default("{}")
  @JsonPropertyDescription("How much the tenant may create.")
  public TenantLimits limits = new TenantLimits();
}
