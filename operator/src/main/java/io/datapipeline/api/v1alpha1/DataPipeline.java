package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A tenant's data pipeline: the desired AWS resources and, in status, how they are doing. */
@Group(DataPipeline.GROUP)
@Version(DataPipeline.VERSION)
@Plural("datapipelines")
@Singular("datapipeline")
@ShortNames("dp")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Bucket",
    jsonPath = ".status.outputs.bucketName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Dashboard",
    jsonPath = ".status.outputs.dashboardUrl",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DataPipeline extends CustomResource<DataPipelineSpec, DataPipelineStatus>
    implements Namespaced {

  public static final String GROUP = "datapipeline.io";
  public static final String VERSION = "v1alpha1";

  // Overridden only to describe spec and status in the schema (`kubectl explain
  // datapipeline.spec`).
  @Override
  @JsonPropertyDescription(
      "What the tenant asks for: the AWS account, network, CSV schema and the settings of each"
          + " component.")
  public DataPipelineSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: conditions, one entry per CloudFormation stack, the outputs and"
          + " the dashboard's tasks. Written by the operator only.")
  public DataPipelineStatus getStatus() {
    return super.getStatus();
  }

  /**
   * No status until the operator writes one. An empty status object here would make every object
   * read without a status look like it has one, and a JSON patch computed from it ("add
   * /status/conditions/0") fails against the stored object, which has none.
   */
  @Override
  protected DataPipelineStatus initStatus() {
    return null;
  }
}
