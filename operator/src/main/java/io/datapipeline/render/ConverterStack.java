package io.datapipeline.render;

import static io.datapipeline.render.StackParameters.CONVERTER_SECURITY_GROUP_ID;
import static io.datapipeline.render.StackParameters.DATABASE_ENDPOINT;
import static io.datapipeline.render.StackParameters.DATABASE_PORT;
import static io.datapipeline.render.StackParameters.DATABASE_READER_SECRET_ARN;
import static io.datapipeline.render.StackParameters.DATABASE_SECRET_ARN;
import static io.datapipeline.render.StackParameters.PRIVATE_SUBNET_IDS;
import static io.datapipeline.render.StackParameters.TABLE_ARN;
import static io.datapipeline.render.StackParameters.TABLE_NAME;
import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.api.v1alpha1.ConverterSpec;
import io.datapipeline.api.v1alpha1.IngestSpec;
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

  /**
   * Deliveries of one split part (docs/contracts.md "Large files"): the converter fails the version
   * itself on the third; the queue's redrive is the backstop for an invocation that dies every
   * time.
   */
  static final int SPLIT_MAX_RECEIVES = 4;

  /** Lambda's advice for a queue it polls: six times the function's timeout. */
  static final int SPLIT_VISIBILITY_PER_TIMEOUT = 6;

  private ConverterStack() {}

  static StackSpec render(RenderContext context) {
    StackBuilder stack =
        new StackBuilder(Component.CONVERTER, context, "converter Lambda").needsIam();
    declareParameters(stack, context);
    Template t = stack.template();
    t.resource("LogGroup", "AWS::Logs::LogGroup", obj("RetentionInDays", LOG_RETENTION_DAYS));
    addFailureQueue(t);
    addSplitQueue(t, context);
    addRole(t, context);
    addFunction(t, context);
    addInvocation(t, context);
    addSplitEventSource(t, context);
    addAlarms(t, context.label());
    addOutputs(t);
    return stack.build();
  }

  private static void declareParameters(StackBuilder stack, RenderContext context) {
    stack
        .parameter(
            PRIVATE_SUBNET_IDS.describedAs(
                "Private subnets the function's network interfaces live in."),
            context.privateSubnetIds())
        .parameter(CONVERTER_SECURITY_GROUP_ID)
        .parameter(DATABASE_ENDPOINT)
        .parameter(DATABASE_PORT)
        .parameter(DATABASE_SECRET_ARN)
        .parameter(
            DATABASE_READER_SECRET_ARN.describedAs(
                "Secret with Grafana's read-only credentials; the converter maintains that role."))
        .parameter(TABLE_NAME.describedAs("DynamoDB table the rows are written to."))
        .parameter(TABLE_ARN);
  }

  /** Where a file goes when its conversion fails for good: a TLS-only queue kept two weeks. */
  private static void addFailureQueue(Template t) {
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
  }

  /**
   * The split queue: one message per byte range of a large object, sent by the function and
   * delivered back to it (docs/contracts.md "Large files"); a message delivered too often moves to
   * a dead-letter queue of its own (raw part messages, not on-failure records). Both TLS-only.
   */
  private static void addSplitQueue(Template t, RenderContext context) {
    t.resource(
        "SplitDeadLetterQueue",
        "AWS::SQS::Queue",
        obj("SqsManagedSseEnabled", true, "MessageRetentionPeriod", FAILURE_RETENTION_SECONDS));
    t.resource(
        "SplitQueue",
        "AWS::SQS::Queue",
        obj(
            "SqsManagedSseEnabled",
            true,
            "VisibilityTimeout",
            SPLIT_VISIBILITY_PER_TIMEOUT * context.spec().converter.timeoutSeconds,
            "RedrivePolicy",
            obj(
                "deadLetterTargetArn",
                Fn.getAtt("SplitDeadLetterQueue", "Arn"),
                "maxReceiveCount",
                SPLIT_MAX_RECEIVES)));
    t.resource(
        "SplitQueuePolicy",
        "AWS::SQS::QueuePolicy",
        obj(
            "Queues",
            list(Fn.ref("SplitQueue"), Fn.ref("SplitDeadLetterQueue")),
            "PolicyDocument",
            Iam.document(
                list(
                    Iam.denyInsecureTransport(
                        "sqs:*",
                        list(
                            Fn.getAtt("SplitQueue", "Arn"),
                            Fn.getAtt("SplitDeadLetterQueue", "Arn")))))));
  }

  private static void addRole(Template t, RenderContext context) {
    t.resource(
        "Role",
        "AWS::IAM::Role",
        obj(
            "Description",
            "Converter of " + context.label(),
            "AssumeRolePolicyDocument",
            Iam.trust("lambda.amazonaws.com"),
            "PermissionsBoundary",
            context.permissionsBoundaryArn(),
            "Policies",
            list(Iam.inlinePolicy("converter", roleStatements(context)))));
  }

  /** An EC2 resource of this stack's account and region. */
  private static Object ec2Arn(String resource) {
    return Fn.sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:" + resource);
  }

  /** As {@link #ec2Arn(String)}, {@code ${SecurityGroupId}} the value of {@code parameter}. */
  private static Object ec2Arn(String resource, ImportedOutput parameter) {
    return Fn.sub(
        "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:" + resource,
        obj("SecurityGroupId", parameter.ref()));
  }

  /** The function's permissions: each statement names the one thing it is for. */
  private static List<Object> roleStatements(RenderContext context) {
    String ingestPrefix = context.spec().ingest.prefix == null ? "" : context.spec().ingest.prefix;
    String bucketArn = bucketArn(context);
    return list(
        Iam.writeOwnLogs("LogGroup"),
        // Lambda manages the function's network interfaces with the role (the actions of
        // AWSLambdaVPCAccessExecutionRole). The Describe actions have no resource-level
        // permissions (Lambda documents DescribeNetworkInterfaces as working with "*" only).
        Iam.allow(
            "DescribeVpcNetwork",
            List.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"),
            "*"),
        // An interface only with the converter's own security group (which lives in the
        // pipeline's VPC, so the interface does too), in this account and region.
        Iam.allow(
            "CreateNetworkInterfaces",
            List.of("ec2:CreateNetworkInterface"),
            list(
                ec2Arn("network-interface/*"),
                ec2Arn("subnet/*"),
                ec2Arn("security-group/${SecurityGroupId}", CONVERTER_SECURITY_GROUP_ID))),
        // Lambda names no interface ahead; its docs ask for all interfaces of the account.
        Iam.allow(
            "ManageNetworkInterfaces",
            List.of(
                "ec2:AssignPrivateIpAddresses",
                "ec2:DeleteNetworkInterface",
                "ec2:UnassignPrivateIpAddresses"),
            ec2Arn("network-interface/*")),
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
        // onDelete: RemoveRows: a deleted upload takes its Parquet and JSON outputs with it.
        removesRows(context)
            ? Iam.allow(
                "DeleteRemovedOutputs",
                List.of("s3:DeleteObject"),
                list(
                    Fn.sub(bucketArn + "/" + PARQUET_PREFIX + "*"),
                    Fn.sub(bucketArn + "/" + JSON_PREFIX + "*")))
            : null,
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
            TABLE_ARN.ref()),
        Iam.allow(
            "ReadDatabaseSecrets",
            List.of("secretsmanager:GetSecretValue"),
            list(DATABASE_SECRET_ARN.ref(), DATABASE_READER_SECRET_ARN.ref())),
        Iam.allow("ReportFailures", List.of("sqs:SendMessage"), Fn.getAtt("FailureQueue", "Arn")),
        // Large files: the object's parts go out on the split queue and come back through its
        // event source mapping, which polls with the function's role.
        Iam.allow(
            "SplitParts",
            List.of(
                "sqs:ChangeMessageVisibility",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:ReceiveMessage",
                "sqs:SendMessage"),
            Fn.getAtt("SplitQueue", "Arn")),
        // The parts' staged outputs (under <prefix>_dp_staging/) are listed, copied to their
        // place and deleted when the version commits; an earlier version's outputs go then.
        Iam.allow(
            "ListSplitOutputs",
            List.of("s3:ListBucket"),
            Fn.sub(bucketArn),
            obj(
                "StringLike",
                obj(
                    "s3:prefix",
                    OUTPUT_PREFIXES.stream().map(prefix -> (Object) (prefix + "*")).toList()))),
        Iam.allow(
            "PublishSplitOutputs",
            List.of("s3:DeleteObject", "s3:GetObject"),
            OUTPUT_PREFIXES.stream()
                .map(prefix -> (Object) Fn.sub(bucketArn + "/" + prefix + "*"))
                .toList()));
  }

  private static boolean removesRows(RenderContext context) {
    return context.spec().ingest.onDelete == IngestSpec.OnDelete.RemoveRows;
  }

  /** The function itself: the container image in the private subnets. */
  private static void addFunction(Template t, RenderContext context) {
    ConverterSpec converter = context.spec().converter;
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
                PRIVATE_SUBNET_IDS.ref(),
                "SecurityGroupIds",
                list(CONVERTER_SECURITY_GROUP_ID.ref())),
            "LoggingConfig",
            obj("LogGroup", Fn.ref("LogGroup")),
            "Environment",
            obj("Variables", environment(context))));
  }

  /** How S3 invokes the function and what happens to an invocation that keeps failing. */
  private static void addInvocation(Template t, RenderContext context) {
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
            Fn.sub(bucketArn(context)),
            "SourceAccount",
            Fn.ACCOUNT_ID));
  }

  /** The split queue's messages, one per invocation, partial batch failures reported. */
  private static void addSplitEventSource(Template t, RenderContext context) {
    Integer reserved = context.spec().converter.reservedConcurrency;
    t.resource(
        "SplitEventSource",
        "AWS::Lambda::EventSourceMapping",
        obj(
            "EventSourceArn",
            Fn.getAtt("SplitQueue", "Arn"),
            "FunctionName",
            Fn.ref("Function"),
            "BatchSize",
            1,
            "FunctionResponseTypes",
            list("ReportBatchItemFailures"),
            // Below the reserved concurrency: a throttled poll would count as a delivery of the
            // part, and one invocation stays free for the bucket's events.
            "ScalingConfig",
            obj("MaximumConcurrency", reserved == null ? 2 : Math.max(2, reserved - 1))));
  }

  private static void addAlarms(Template t, String who) {
    List<Object> function = list(obj("Name", "FunctionName", "Value", Fn.ref("Function")));
    t.resource(
        "ErrorsAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "A conversion of " + who + " failed", "AWS/Lambda", "Errors", function, "Sum"));
    t.resource(
        "ThrottlesAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "Conversions of " + who + " were throttled (reserved concurrency reached)",
            "AWS/Lambda",
            "Throttles",
            function,
            "Sum"));
    t.resource(
        "FailureQueueAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "Files of " + who + " wait in the failure queue",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            list(obj("Name", "QueueName", "Value", Fn.getAtt("FailureQueue", "QueueName"))),
            "Maximum"));
    t.resource(
        "SplitDeadLetterAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "Parts of large files of " + who + " failed every delivery (split dead-letter queue)",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            list(obj("Name", "QueueName", "Value", Fn.getAtt("SplitDeadLetterQueue", "QueueName"))),
            "Maximum"));
  }

  private static void addOutputs(Template t) {
    t.output(
            StackOutput.CONVERTER_FUNCTION_ARN.key(),
            Fn.getAtt("Function", "Arn"),
            "ARN of the converter function.")
        .output(
            StackOutput.CONVERTER_FUNCTION_NAME.key(),
            Fn.ref("Function"),
            "Name of the converter function.")
        .output(
            StackOutput.FAILURE_QUEUE_ARN.key(),
            Fn.getAtt("FailureQueue", "Arn"),
            "Queue of files that failed to convert.")
        .output(
            StackOutput.FAILURE_QUEUE_NAME.key(),
            Fn.getAtt("FailureQueue", "QueueName"),
            "Name of that queue, for metrics.");
  }

  /** The ingest bucket's ARN as an {@code Fn::Sub} string (its name is fixed at render time). */
  private static String bucketArn(RenderContext context) {
    return "arn:${AWS::Partition}:s3:::" + context.bucketName();
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
    env.put(ConverterSetting.DYNAMODB_TABLE.variable(), TABLE_NAME.ref());
    env.put(ConverterSetting.DB_HOST.variable(), DATABASE_ENDPOINT.ref());
    env.put(ConverterSetting.DB_PORT.variable(), DATABASE_PORT.ref());
    env.put(ConverterSetting.DB_NAME.variable(), RenderContext.DATABASE_NAME);
    env.put(ConverterSetting.DB_SECRET_ARN.variable(), DATABASE_SECRET_ARN.ref());
    env.put(ConverterSetting.DB_READER_SECRET_ARN.variable(), DATABASE_READER_SECRET_ARN.ref());
    env.put(ConverterSetting.DB_TABLE.variable(), context.databaseTableName());
    // RDS's certificate verified with the CA bundle the converter image ships (DB_SSL_ROOT_CERT).
    env.put(ConverterSetting.DB_SSL_MODE.variable(), "verify-full");
    // The queue the on-failure destination names: a file that can never load goes there at once.
    env.put(ConverterSetting.FAILURE_QUEUE_URL.variable(), Fn.ref("FailureQueue"));
    // Large files: parts fan out on the split queue from this size on (docs/contracts.md).
    env.put(ConverterSetting.SPLIT_QUEUE_URL.variable(), Fn.ref("SplitQueue"));
    env.put(
        ConverterSetting.SPLIT_THRESHOLD_BYTES.variable(),
        ConverterSetting.SPLIT_THRESHOLD_BYTES.defaultValue().orElseThrow());
    if (removesRows(context)) { // the default, Keep, stays unset: templates of Keep unchanged
      env.put(ConverterSetting.ON_DELETE.variable(), IngestSpec.OnDelete.RemoveRows.name());
    }
    return env;
  }

  private static String schemaFolder(RenderContext context) {
    String key = context.schema().key();
    return key.substring(0, key.lastIndexOf('/') + 1);
  }
}
