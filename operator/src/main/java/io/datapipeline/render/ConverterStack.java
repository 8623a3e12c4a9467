package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.api.v1alpha1.ConverterSpec;
import io.datapipeline.converter.contract.ConverterSetting;
import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The converter Lambda (container image) with its least-privilege role, the S3 invoke permission,
 * asynchronous invoke settings with an on-failure queue, its log group and alarms.
 */
final class ConverterStack {

  static final String PARQUET_PREFIX = "parquet/";
  static final String JSON_PREFIX = "json/";
  static final String REJECTED_PREFIX = "rejected/";
  static final List<String> OUTPUT_PREFIXES = List.of(PARQUET_PREFIX, JSON_PREFIX, REJECTED_PREFIX);

  /** Attempts after the first one for an asynchronous invocation (Lambda allows 0-2). */
  static final int RETRY_ATTEMPTS = 2;

  /** An S3 event older than this goes to the failure queue instead of being retried. */
  static final int MAX_EVENT_AGE_SECONDS = 6 * 3600;

  static final int LOG_RETENTION_DAYS = 30;

  /** SQS' longest retention: a failed file waits two weeks for someone to look at it. */
  static final int FAILURE_RETENTION_SECONDS = 14 * 24 * 3600;

  private ConverterStack() {}

  static StackSpec render(RenderContext context) {
    ConverterSpec converter = context.spec().converter;
    String bucket = context.bucketName();
    String ingestPrefix = context.spec().ingest.prefix == null ? "" : context.spec().ingest.prefix;
    StackBuilder stack =
        new StackBuilder(
                Component.CONVERTER, "DataPipeline " + context.label() + ": converter Lambda")
            .needsIam();
    stack
        .parameter(
            "PrivateSubnetIds",
            "List<AWS::EC2::Subnet::Id>",
            "Private subnets the function's network interfaces live in.",
            context.privateSubnetIds())
        .parameter(
            "ConverterSecurityGroupId",
            "AWS::EC2::SecurityGroup::Id",
            "Security group of the function (created by the database stack).",
            ParameterValue.fromOutput(Component.DATABASE, OutputKeys.CONVERTER_SECURITY_GROUP_ID))
        .parameter(
            "DatabaseEndpoint",
            "String",
            "PostgreSQL host.",
            ParameterValue.fromOutput(Component.DATABASE, OutputKeys.DATABASE_ENDPOINT))
        .parameter(
            "DatabasePort",
            "String",
            "PostgreSQL port.",
            ParameterValue.fromOutput(Component.DATABASE, OutputKeys.DATABASE_PORT))
        .parameter(
            "DatabaseSecretArn",
            "String",
            "Secret with the RDS master credentials.",
            ParameterValue.fromOutput(Component.DATABASE, OutputKeys.DATABASE_SECRET_ARN))
        .parameter(
            "DatabaseReaderSecretArn",
            "String",
            "Secret with Grafana's read-only credentials; the converter maintains that role.",
            ParameterValue.fromOutput(Component.DATABASE, OutputKeys.DATABASE_READER_SECRET_ARN))
        .parameter(
            "TableName",
            "String",
            "DynamoDB table the rows are written to.",
            ParameterValue.fromOutput(Component.TABLE, OutputKeys.TABLE_NAME))
        .parameter(
            "TableArn",
            "String",
            "ARN of that table.",
            ParameterValue.fromOutput(Component.TABLE, OutputKeys.TABLE_ARN));
    Template t = stack.template();

    t.resource("LogGroup", "AWS::Logs::LogGroup", obj("RetentionInDays", LOG_RETENTION_DAYS));

    t.resource(
        "FailureQueue",
        "AWS::SQS::Queue",
        obj("SqsManagedSseEnabled", true, "MessageRetentionPeriod", FAILURE_RETENTION_SECONDS));
    t.resource(
        "FailureQueuePolicy",
        "AWS::SQS::QueuePolicy",
        obj(
            "Queues",
            list(Fn.ref("FailureQueue")),
            "PolicyDocument",
            Iam.document(
                list(Iam.denyInsecureTransport("sqs:*", Fn.getAtt("FailureQueue", "Arn"))))));

    String bucketArn = "arn:${AWS::Partition}:s3:::" + bucket;
    t.resource(
        "Role",
        "AWS::IAM::Role",
        obj(
            "Description",
            "Converter of " + context.label(),
            "AssumeRolePolicyDocument",
            Iam.trust("lambda.amazonaws.com"),
            "Policies",
            list(
                Iam.inlinePolicy(
                    "converter",
                    list(
                        Iam.allow(
                            "OwnLogs",
                            List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                            Fn.getAtt("LogGroup", "Arn")),
                        // Lambda manages the function's network interfaces with the role; these
                        // EC2 actions do not support resource-level permissions.
                        Iam.allow(
                            "VpcNetworkInterfaces",
                            List.of(
                                "ec2:AssignPrivateIpAddresses",
                                "ec2:CreateNetworkInterface",
                                "ec2:DeleteNetworkInterface",
                                "ec2:DescribeNetworkInterfaces",
                                "ec2:DescribeSubnets",
                                "ec2:UnassignPrivateIpAddresses"),
                            "*"),
                        Iam.allow(
                            "ReadUploads",
                            List.of("s3:GetObject", "s3:GetObjectVersion"),
                            Fn.sub(bucketArn + "/" + ingestPrefix + "*")),
                        // Large outputs go up in parts; a failed upload is aborted.
                        Iam.allow(
                            "WriteOutputs",
                            List.of("s3:AbortMultipartUpload", "s3:PutObject"),
                            OUTPUT_PREFIXES.stream()
                                .map(prefix -> (Object) Fn.sub(bucketArn + "/" + prefix + "*"))
                                .toList()),
                        // A reloaded object whose rows are now all valid drops its stale rejects.
                        Iam.allow(
                            "DeleteStaleRejects",
                            List.of("s3:DeleteObject"),
                            Fn.sub(bucketArn + "/" + REJECTED_PREFIX + "*")),
                        Iam.allow(
                            "ReadSchema",
                            List.of("s3:GetObject"),
                            Fn.sub(
                                "arn:${AWS::Partition}:s3:::"
                                    + BootstrapRenderer.ARTIFACTS_BUCKET_SUB
                                    + "/"
                                    + schemaFolder(context)
                                    + "*")),
                        // A new version of an object deletes the items its rows no longer have.
                        Iam.allow(
                            "WriteTable",
                            List.of("dynamodb:BatchWriteItem", "dynamodb:DeleteItem"),
                            Fn.ref("TableArn")),
                        Iam.allow(
                            "ReadDatabaseSecrets",
                            List.of("secretsmanager:GetSecretValue"),
                            list(Fn.ref("DatabaseSecretArn"), Fn.ref("DatabaseReaderSecretArn"))),
                        Iam.allow(
                            "ReportFailures",
                            List.of("sqs:SendMessage"),
                            Fn.getAtt("FailureQueue", "Arn")))))));

    t.resource(
        "Function",
        "AWS::Lambda::Function",
        obj(
            "Description",
            "Converts CSV uploads of " + context.label(),
            "PackageType",
            "Image",
            "Code",
            obj("ImageUri", context.converterImage()),
            "Role",
            Fn.getAtt("Role", "Arn"),
            "MemorySize",
            converter.memoryMiB,
            "Timeout",
            converter.timeoutSeconds,
            "ReservedConcurrentExecutions",
            converter.reservedConcurrency,
            "VpcConfig",
            obj(
                "SubnetIds",
                Fn.ref("PrivateSubnetIds"),
                "SecurityGroupIds",
                list(Fn.ref("ConverterSecurityGroupId"))),
            "LoggingConfig",
            obj("LogGroup", Fn.ref("LogGroup")),
            "Environment",
            obj("Variables", environment(context))));

    t.resource(
        "InvokeConfig",
        "AWS::Lambda::EventInvokeConfig",
        obj(
            "FunctionName",
            Fn.ref("Function"),
            "Qualifier",
            "$LATEST",
            "MaximumRetryAttempts",
            RETRY_ATTEMPTS,
            "MaximumEventAgeInSeconds",
            MAX_EVENT_AGE_SECONDS,
            "DestinationConfig",
            obj("OnFailure", obj("Destination", Fn.getAtt("FailureQueue", "Arn")))));

    // The bucket's ARN is known before the bucket exists (its name is fixed at render time), so
    // the permission can live here and the storage stack, deployed later, can notify the
    // function: no bucket <-> permission cycle.
    t.resource(
        "S3InvokePermission",
        "AWS::Lambda::Permission",
        obj(
            "Action",
            "lambda:InvokeFunction",
            "FunctionName",
            Fn.getAtt("Function", "Arn"),
            "Principal",
            "s3.amazonaws.com",
            "SourceArn",
            Fn.sub(bucketArn),
            "SourceAccount",
            Fn.ACCOUNT_ID));

    t.resource(
        "ErrorsAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "A conversion of " + context.label() + " failed",
            "AWS/Lambda",
            "Errors",
            list(obj("Name", "FunctionName", "Value", Fn.ref("Function"))),
            "Sum"));
    t.resource(
        "ThrottlesAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "Conversions of " + context.label() + " were throttled (reserved concurrency reached)",
            "AWS/Lambda",
            "Throttles",
            list(obj("Name", "FunctionName", "Value", Fn.ref("Function"))),
            "Sum"));
    t.resource(
        "FailureQueueAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "Files of " + context.label() + " wait in the failure queue",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            list(obj("Name", "QueueName", "Value", Fn.getAtt("FailureQueue", "QueueName"))),
            "Maximum"));

    t.output(
            OutputKeys.CONVERTER_FUNCTION_ARN,
            Fn.getAtt("Function", "Arn"),
            "ARN of the converter function.")
        .output(
            OutputKeys.CONVERTER_FUNCTION_NAME,
            Fn.ref("Function"),
            "Name of the converter function.")
        .output(
            OutputKeys.FAILURE_QUEUE_ARN,
            Fn.getAtt("FailureQueue", "Arn"),
            "Queue of files that failed to convert.")
        .output(
            OutputKeys.FAILURE_QUEUE_NAME,
            Fn.getAtt("FailureQueue", "QueueName"),
            "Name of that queue, for metrics.");
    return stack.build(context);
  }

  /** The converter's environment (docs/contracts.md, "Converter configuration"). */
  private static Map<String, Object> environment(RenderContext context) {
    Map<String, Object> env = new TreeMap<>();
    env.put(ConverterSetting.PIPELINE.variable(), context.identity().qualifiedName());
    env.put(
        ConverterSetting.SCHEMA_S3_URI.variable(),
        Fn.sub("s3://" + BootstrapRenderer.ARTIFACTS_BUCKET_SUB + "/" + context.schema().key()));
    env.put(ConverterSetting.OUTPUT_BUCKET.variable(), context.bucketName());
    env.put(ConverterSetting.PARQUET_PREFIX.variable(), PARQUET_PREFIX);
    env.put(ConverterSetting.JSON_PREFIX.variable(), JSON_PREFIX);
    env.put(ConverterSetting.REJECTED_PREFIX.variable(), REJECTED_PREFIX);
    env.put(ConverterSetting.DYNAMODB_TABLE.variable(), Fn.ref("TableName"));
    env.put(ConverterSetting.DB_HOST.variable(), Fn.ref("DatabaseEndpoint"));
    env.put(ConverterSetting.DB_PORT.variable(), Fn.ref("DatabasePort"));
    env.put(ConverterSetting.DB_NAME.variable(), RenderContext.DATABASE_NAME);
    env.put(ConverterSetting.DB_SECRET_ARN.variable(), Fn.ref("DatabaseSecretArn"));
    env.put(ConverterSetting.DB_READER_SECRET_ARN.variable(), Fn.ref("DatabaseReaderSecretArn"));
    env.put(ConverterSetting.DB_TABLE.variable(), context.databaseTableName());
    env.put(ConverterSetting.DB_SSL_MODE.variable(), "require");
    return env;
  }

  private static String schemaFolder(RenderContext context) {
    String key = context.schema().key();
    return key.substring(0, key.lastIndexOf('/') + 1);
  }
}
