package io.datapipeline.render;

/**
 * Every parameter a pipeline stack takes from outside, declared once: the network (from the spec,
 * or from the network stack) and the outputs of the stacks deployed before. A stack declares one
 * with {@link StackBuilder#parameter(ImportedOutput)} and refers to it with {@code ref()}; where
 * two stacks take the same value for different reasons, {@code describedAs} says why for each.
 */
final class StackParameters {

  // The network: a literal from spec.network or an output of the network stack (RenderContext).
  static final StackParameter VPC_ID =
      new StackParameter(StackOutput.VPC_ID.key(), "AWS::EC2::VPC::Id", "VPC of the pipeline.");
  static final StackParameter PRIVATE_SUBNET_IDS =
      new StackParameter(
          StackOutput.PRIVATE_SUBNET_IDS.key(), "List<AWS::EC2::Subnet::Id>", "Private subnets.");
  static final StackParameter PUBLIC_SUBNET_IDS =
      new StackParameter(
          StackOutput.PUBLIC_SUBNET_IDS.key(), "List<AWS::EC2::Subnet::Id>", "Public subnets.");

  // The database stack: PostgreSQL and the security groups of its clients.
  static final ImportedOutput DATABASE_ENDPOINT =
      ImportedOutput.of(StackOutput.DATABASE_ENDPOINT, "String", "PostgreSQL host.");
  static final ImportedOutput DATABASE_PORT =
      ImportedOutput.of(StackOutput.DATABASE_PORT, "String", "PostgreSQL port.");
  static final ImportedOutput DATABASE_SECRET_ARN =
      ImportedOutput.of(
          StackOutput.DATABASE_SECRET_ARN, "String", "Secret with the RDS master credentials.");
  static final ImportedOutput DATABASE_READER_SECRET_ARN =
      ImportedOutput.of(
          StackOutput.DATABASE_READER_SECRET_ARN,
          "String",
          "Secret with Grafana's read-only database login.");
  static final ImportedOutput DATABASE_INSTANCE_ID =
      ImportedOutput.of(
          StackOutput.DATABASE_INSTANCE_ID,
          "String",
          "DB instance identifier, for metrics and alarms.");
  static final ImportedOutput CONVERTER_SECURITY_GROUP_ID =
      ImportedOutput.of(
          StackOutput.CONVERTER_SECURITY_GROUP_ID,
          "AWS::EC2::SecurityGroup::Id",
          "Security group of the function (created by the database stack).");
  static final ImportedOutput DASHBOARD_SECURITY_GROUP_ID =
      ImportedOutput.of(
          StackOutput.DASHBOARD_SECURITY_GROUP_ID,
          "AWS::EC2::SecurityGroup::Id",
          "Security group of the Grafana tasks (created by the database stack).");

  // The table stack.
  static final ImportedOutput TABLE_NAME =
      ImportedOutput.of(StackOutput.TABLE_NAME, "String", "DynamoDB table.");
  static final ImportedOutput TABLE_ARN =
      ImportedOutput.of(StackOutput.TABLE_ARN, "String", "ARN of that table.");

  // The converter stack.
  static final ImportedOutput CONVERTER_FUNCTION_ARN =
      ImportedOutput.of(
          StackOutput.CONVERTER_FUNCTION_ARN, "String", "Function notified of new uploads.");
  static final ImportedOutput CONVERTER_FUNCTION_NAME =
      ImportedOutput.of(
          StackOutput.CONVERTER_FUNCTION_NAME, "String", "Converter function, for metrics.");
  static final ImportedOutput FAILURE_QUEUE_NAME =
      ImportedOutput.of(
          StackOutput.FAILURE_QUEUE_NAME, "String", "Converter failure queue, for metrics.");

  private StackParameters() {}
}
