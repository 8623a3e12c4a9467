package io.datapipeline.operator.tenancy;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import java.util.Collection;
import java.util.Map;

/** Where enforced access reads the cluster's tenants, namespaces and pipelines from (caches). */
public interface TenantDirectory {

  /** Every DataPipelineTenant as last seen. */
  Collection<DataPipelineTenant> tenants();

  /** The labels of a namespace (empty when it cannot be read); asked only for selectors. */
  Map<String, String> namespaceLabels(String namespace);

  /** Every DataPipeline the operator watches, for tenant limits and status. */
  Collection<DataPipeline> pipelines();
}
