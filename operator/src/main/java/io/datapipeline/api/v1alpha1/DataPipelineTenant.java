package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tenant: which namespaces it covers and what their pipelines may reach in AWS (roles, regions,
 * the CloudFormation service role, converter images, how many pipelines). Cluster-scoped, so that
 * only cluster administrators grant access, never the namespaces themselves.
 */
@Group(DataPipeline.GROUP)
@Version(DataPipeline.VERSION)
@Plural("datapipelinetenants")
@Singular("datapipelinetenant")
@ShortNames("dpt")
@AdditionalPrinterColumn(
    name = "Namespaces",
    jsonPath = ".spec.namespaces",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Regions",
    jsonPath = ".spec.aws.regions",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Pipelines",
    jsonPath = ".status.pipelines",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Limit",
    jsonPath = ".spec.limits.pipelines",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DataPipelineTenant extends CustomResource<TenantSpec, TenantStatus> {

  @Override
  @JsonPropertyDescription(
      "The grant: the namespaces this tenant covers and the AWS roles, regions, service role,"
          + " converter images and pipeline count their DataPipelines may use.")
  public TenantSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: how many pipelines the tenant has and its conditions. Written"
          + " by the operator only.")
  public TenantStatus getStatus() {
    return super.getStatus();
  }

  /** No status until the operator writes one (see {@link DataPipeline#initStatus()}). */
  @Override
  protected TenantStatus initStatus() {
    return null;
  }
}
