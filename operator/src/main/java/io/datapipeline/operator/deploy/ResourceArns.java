package io.datapipeline.operator.deploy;

/**
 * The ARN of a resource from its CloudFormation physical id, for Events a person can act on (a
 * DynamoDB table's physical id is its name, an RDS instance's its identifier).
 */
final class ResourceArns {

  private ResourceArns() {}

  /**
   * @param stackId the stack's ARN, which gives partition, region and account
   */
  static String of(String stackId, String type, String physicalId) {
    if (physicalId == null || physicalId.isEmpty()) {
      return "(no physical id reported)";
    }
    if (physicalId.startsWith("arn:")) {
      return physicalId;
    }
    String[] arn = stackId == null ? new String[0] : stackId.split(":");
    if (arn.length < 5) {
      return physicalId;
    }
    String partition = arn[1];
    String region = arn[3];
    String account = arn[4];
    String prefix = "arn:" + partition + ":";
    return switch (type == null ? "" : type) {
      case "AWS::DynamoDB::Table" ->
          prefix + "dynamodb:" + region + ":" + account + ":table/" + physicalId;
      case "AWS::RDS::DBInstance" -> prefix + "rds:" + region + ":" + account + ":db:" + physicalId;
      case "AWS::RDS::DBSnapshot" ->
          prefix + "rds:" + region + ":" + account + ":snapshot:" + physicalId;
      case "AWS::S3::Bucket" -> prefix + "s3:::" + physicalId;
      case "AWS::SQS::Queue" -> physicalId; // a queue's physical id is its URL
      case "AWS::Logs::LogGroup" ->
          prefix + "logs:" + region + ":" + account + ":log-group:" + physicalId;
      default -> physicalId;
    };
  }
}
