package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A Kubernetes label selector over namespaces: all of its terms must match. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.matchLabels) && size(self.matchLabels) > 0)"
            + " || (has(self.matchExpressions) && size(self.matchExpressions) > 0)",
    message =
        "namespaceSelector must hold matchLabels or matchExpressions (an empty selector would"
            + " cover every namespace)")
public class TenantNamespaceSelector {

  @Size(max = 32)
  @JsonPropertyDescription("Labels a namespace must carry, with exactly these values.")
  public Map<String, @Size(max = 63) String> matchLabels = new TreeMap<>();

  @Size(max = 32)
  @JsonPropertyDescription("Further requirements on a namespace's labels.")
  public List<Requirement> matchExpressions = new ArrayList<>();

  /** One label requirement, as in Kubernetes' LabelSelectorRequirement. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "(self.operator in ['In', 'NotIn']) == (has(self.values) && size(self.values) > 0)",
      message = "values must be non-empty for In and NotIn, and absent for Exists and DoesNotExist")
  public static class Requirement {

    @Required
    @Size(max = 317)
    @Pattern("^([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
    @JsonPropertyDescription("The label key.")
    public String key;

    @Required
    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
    public Operator operator;

    @Size(max = 32)
    @JsonPropertyDescription("The values for In and NotIn.")
    public List<@Size(max = 63) String> values;
  }

  /** How a requirement compares a label. */
  public enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }
}
