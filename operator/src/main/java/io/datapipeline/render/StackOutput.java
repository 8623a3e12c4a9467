package io.datapipeline.render;

import io.datapipeline.api.v1alpha1.PipelineOutputs;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every output of a pipeline's stacks, declared once: its key in the template, the stack
 * (component) that declares it, and, for those a tenant sees, the {@code status.outputs} field and
 * the key in the {@code <name>-connection} Secret. The renderer declares and imports outputs by
 * these constants; the status builder, the connection Secret and the dashboard observer read them
 * back by the same constants. docs/contracts.md lists the published ones (a test checks it).
 */
public enum StackOutput {
  // Published: copied to status.outputs and the connection Secret, in this order.
  BUCKET_NAME(
      "BucketName",
      Component.STORAGE,
      published("bucketName", o -> o.bucketName, (o, v) -> o.bucketName = v)),
  TABLE_NAME(
      "TableName",
      Component.TABLE,
      published("tableName", o -> o.tableName, (o, v) -> o.tableName = v)),
  DATABASE_ENDPOINT(
      "DatabaseEndpoint",
      Component.DATABASE,
      published("databaseEndpoint", o -> o.databaseEndpoint, (o, v) -> o.databaseEndpoint = v)),
  DATABASE_PORT(
      "DatabasePort",
      Component.DATABASE,
      published("databasePort", o -> o.databasePort, (o, v) -> o.databasePort = v)),
  DATABASE_SECRET_ARN(
      "DatabaseSecretArn",
      Component.DATABASE,
      published("databaseSecretArn", o -> o.databaseSecretArn, (o, v) -> o.databaseSecretArn = v)),
  DASHBOARD_URL(
      "DashboardUrl",
      Component.DASHBOARD,
      published("dashboardUrl", o -> o.dashboardUrl, (o, v) -> o.dashboardUrl = v)),
  CONVERTER_FUNCTION_ARN(
      "ConverterFunctionArn",
      Component.CONVERTER,
      published(
          "converterFunctionArn",
          o -> o.converterFunctionArn,
          (o, v) -> o.converterFunctionArn = v)),
  FAILURE_QUEUE_ARN(
      "FailureQueueArn",
      Component.CONVERTER,
      published("failureQueueArn", o -> o.failureQueueArn, (o, v) -> o.failureQueueArn = v)),

  // Read by the operator itself: the dashboard's ECS service, for status.dashboard.
  ECS_CLUSTER_NAME("EcsClusterName", Component.DASHBOARD, null),
  ECS_SERVICE_NAME("EcsServiceName", Component.DASHBOARD, null),

  // Passed forward from one stack to the next as parameters.
  VPC_ID("VpcId", Component.NETWORK, null),
  PRIVATE_SUBNET_IDS("PrivateSubnetIds", Component.NETWORK, null),
  PUBLIC_SUBNET_IDS("PublicSubnetIds", Component.NETWORK, null),
  DATABASE_INSTANCE_ID("DatabaseInstanceId", Component.DATABASE, null),
  DATABASE_READER_SECRET_ARN("DatabaseReaderSecretArn", Component.DATABASE, null),
  CONVERTER_SECURITY_GROUP_ID("ConverterSecurityGroupId", Component.DATABASE, null),
  DASHBOARD_SECURITY_GROUP_ID("DashboardSecurityGroupId", Component.DATABASE, null),
  TABLE_ARN("TableArn", Component.TABLE, null),
  CONVERTER_FUNCTION_NAME("ConverterFunctionName", Component.CONVERTER, null),
  FAILURE_QUEUE_NAME("FailureQueueName", Component.CONVERTER, null),
  BUCKET_ARN("BucketArn", Component.STORAGE, null),
  LOAD_BALANCER_DNS_NAME("LoadBalancerDnsName", Component.DASHBOARD, null),
  GRAFANA_ADMIN_SECRET_ARN("GrafanaAdminSecretArn", Component.DASHBOARD, null);

  /**
   * Where a tenant sees an output.
   *
   * @param statusField the field of {@code status.outputs}
   * @param secretKey the key in the connection Secret
   */
  public record Published(
      String statusField,
      String secretKey,
      Function<PipelineOutputs, String> read,
      BiConsumer<PipelineOutputs, String> write) {}

  private final String key;
  private final Component component;
  private final Published published;

  StackOutput(String key, Component component, Published published) {
    this.key = key;
    this.component = component;
    this.published = published;
  }

  /** Published under the same name in {@code status.outputs} and in the connection Secret. */
  private static Published published(
      String name,
      Function<PipelineOutputs, String> read,
      BiConsumer<PipelineOutputs, String> write) {
    return new Published(name, name, read, write);
  }

  /** The output's key in the template's Outputs. */
  public String key() {
    return key;
  }

  /** The stack that declares it. */
  public Component component() {
    return component;
  }

  /** Where a tenant sees it; empty for outputs only the operator and the stacks use. */
  public Optional<Published> published() {
    return Optional.ofNullable(published);
  }

  /** The outputs a tenant sees, in the order the status and the Secret list them. */
  public static List<StackOutput> publishedOutputs() {
    return Arrays.stream(values()).filter(o -> o.published != null).toList();
  }
}
