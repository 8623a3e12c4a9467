package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How much a tenant may create. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantLimits {

  @Min(0)
  @Max(10000)
  @JsonPropertyDescription(
      "Most DataPipelines over all of the tenant's namespaces; pipelines beyond it (the newest"
          + " first) are refused. Omit for no limit.")
  public Integer pipelines;
}
