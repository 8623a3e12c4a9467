package io.datapipeline.operator.tenancy;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.render.ImageTemplate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** TENANCY=Enforced: {@link GrantMatcher} over what the {@link TenantDirectory} last saw. */
public final class EnforcedAccess implements PipelineAccess {

  private final TenantDirectory directory;
  private final ImageTemplate defaultConverterImage;

  /** Without a default converter image (every pipeline names its own, or none renders). */
  public EnforcedAccess(TenantDirectory directory) {
    this(directory, null);
  }

  /**
   * @param defaultConverterImage the operator's CONVERTER_IMAGE, checked against a tenant's
   *     converterImageRepositories for pipelines that name no image; null: none
   */
  public EnforcedAccess(TenantDirectory directory, ImageTemplate defaultConverterImage) {
    this.directory = directory;
    this.defaultConverterImage = defaultConverterImage;
  }

  @Override
  public Decision admit(DataPipeline pipeline) {
    Collection<DataPipelineTenant> tenants = directory.tenants();
    Map<String, String> labels =
        anySelector(tenants)
            ? directory.namespaceLabels(pipeline.getMetadata().getNamespace())
            : Map.of();
    return GrantMatcher.decide(
        pipeline, labels, tenants, tenant -> pipelinesOf(tenant, tenants), defaultConverterImage);
  }

  /** The pipelines in namespaces the tenant covers. */
  public List<DataPipeline> pipelinesOf(
      DataPipelineTenant tenant, Collection<DataPipelineTenant> tenants) {
    boolean selectors = anySelector(tenants);
    return directory.pipelines().stream()
        .filter(
            p -> {
              String ns = p.getMetadata().getNamespace();
              return NamespaceSelection.covers(
                  tenant, ns, selectors ? directory.namespaceLabels(ns) : Map.of());
            })
        .toList();
  }

  private static boolean anySelector(Collection<DataPipelineTenant> tenants) {
    return tenants.stream()
        .anyMatch(t -> t.getSpec() != null && t.getSpec().namespaceSelector != null);
  }
}
