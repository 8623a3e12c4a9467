package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed about a tenant; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantStatus {

  @JsonPropertyDescription("The metadata.generation the status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("DataPipelines in the tenant's namespaces.")
  public Integer pipelines;

  @JsonPropertyDescription(
      "Ready (the grant is in force; False with reason Ambiguous when a namespace of it is also"
          + " covered by another tenant, or LimitExceeded when it has more pipelines than"
          + " limits.pipelines).")
  public List<Condition> conditions = new ArrayList<>();
}
