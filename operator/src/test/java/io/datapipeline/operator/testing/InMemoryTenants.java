package io.datapipeline.operator.testing;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.operator.tenancy.TenantDirectory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stand-in for the informer caches behind {@link TenantDirectory}: tenants a test sets. */
public final class InMemoryTenants implements TenantDirectory {

  public final List<DataPipelineTenant> tenants = new ArrayList<>();
  public final List<DataPipeline> pipelines = new ArrayList<>();
  public final Map<String, Map<String, String>> labels = new HashMap<>();

  @Override
  public Collection<DataPipelineTenant> tenants() {
    return List.copyOf(tenants);
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    return labels.getOrDefault(namespace, Map.of());
  }

  @Override
  public Collection<DataPipeline> pipelines() {
    return List.copyOf(pipelines);
  }
}
