package io.datapipeline.render;

/**
 * Stack output keys. The first group is the contract with the operator (docs/contracts.md, copied
 * to status.outputs); the rest pass values from one stack to the next as parameters.
 */
public final class OutputKeys {

  // Copied to status.outputs by the operator (docs/contracts.md).
  public static final String BUCKET_NAME = "BucketName";
  public static final String CONVERTER_FUNCTION_ARN = "ConverterFunctionArn";
  public static final String FAILURE_QUEUE_ARN = "FailureQueueArn";
  public static final String DATABASE_ENDPOINT = "DatabaseEndpoint";
  public static final String DATABASE_PORT = "DatabasePort";
  public static final String DATABASE_SECRET_ARN = "DatabaseSecretArn";
  public static final String TABLE_NAME = "TableName";
  public static final String DASHBOARD_URL = "DashboardUrl";
  public static final String ECS_CLUSTER_NAME = "EcsClusterName";
  public static final String ECS_SERVICE_NAME = "EcsServiceName";

  // Passed forward between stacks.
  public static final String VPC_ID = "VpcId";
  public static final String PRIVATE_SUBNET_IDS = "PrivateSubnetIds";
  public static final String PUBLIC_SUBNET_IDS = "PublicSubnetIds";
  public static final String DATABASE_INSTANCE_ID = "DatabaseInstanceId";
  public static final String DATABASE_READER_SECRET_ARN = "DatabaseReaderSecretArn";
  public static final String CONVERTER_SECURITY_GROUP_ID = "ConverterSecurityGroupId";
  public static final String DASHBOARD_SECURITY_GROUP_ID = "DashboardSecurityGroupId";
  public static final String TABLE_ARN = "TableArn";
  public static final String CONVERTER_FUNCTION_NAME = "ConverterFunctionName";
  public static final String FAILURE_QUEUE_NAME = "FailureQueueName";
  public static final String BUCKET_ARN = "BucketArn";
  public static final String LOAD_BALANCER_DNS_NAME = "LoadBalancerDnsName";
  public static final String GRAFANA_ADMIN_SECRET_ARN = "GrafanaAdminSecretArn";

  private OutputKeys() {}
}
