package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.render.cfn.CanonicalJson;
import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the per account/region {@code datapipeline-bootstrap} stack (docs/contracts.md): ECR
 * repositories for the converter and Grafana images (scan on push, immutable tags, untagged images
 * expire), the artifacts bucket, and the stack-events queue: one EventBridge rule sends
 * CloudFormation's status-change and drift-detection events of the operator's stacks ({@code dp-}
 * names), another ECS's service, deployment and task events of the dashboards' clusters (also
 * {@code dp-} names), to an encrypted SQS queue only those two rules may write to, which the
 * operator long-polls instead of sweeping DescribeStacks and reading dashboards often.
 *
 * <p>The artifacts bucket's name is fixed per account and region, {@code
 * datapipeline-artifacts-<account>-<region>}, so pipeline templates can name it with {@code
 * Fn::Sub} without a parameter from this stack.
 */
public final class BootstrapRenderer {

  public static final String STACK_NAME = "datapipeline-bootstrap";
  public static final String CONVERTER_REPOSITORY = "datapipeline-converter";
  public static final String GRAFANA_REPOSITORY = "datapipeline-grafana";

  /** The artifacts bucket's name as an {@code Fn::Sub} string. */
  public static final String ARTIFACTS_BUCKET_SUB =
      "datapipeline-artifacts-${AWS::AccountId}-${AWS::Region}";

  public static final String OUTPUT_ARTIFACTS_BUCKET = "ArtifactsBucketName";
  public static final String OUTPUT_CONVERTER_REPOSITORY_URI = "ConverterRepositoryUri";
  public static final String OUTPUT_GRAFANA_REPOSITORY_URI = "GrafanaRepositoryUri";

  /** The stack-events queue's fixed name: the operator finds it with GetQueueUrl. */
  public static final String STACK_EVENTS_QUEUE = "datapipeline-stack-events";

  public static final String OUTPUT_STACK_EVENTS_QUEUE_URL = "StackEventsQueueUrl";

  /** The CloudFormation event types the rule forwards (EventBridge {@code detail-type}). */
  public static final List<String> STACK_EVENT_TYPES =
      List.of("CloudFormation Stack Status Change", "CloudFormation Drift Detection Status Change");

  /**
   * The ECS event types the dashboard rule forwards: a service's actions (steady state, desired
   * count changed by scaling, tasks failing to start), its deployments, and its tasks starting and
   * stopping: what status.dashboard shows.
   */
  public static final List<String> DASHBOARD_EVENT_TYPES =
      List.of("ECS Service Action", "ECS Deployment State Change", "ECS Task State Change");

  /** Service actions that change nothing status.dashboard shows (ECS repeats steady states). */
  static final List<String> QUIET_SERVICE_EVENTS =
      List.of("SERVICE_STEADY_STATE", "TASKSET_STEADY_STATE", "CAPACITY_PROVIDER_STEADY_STATE");

  /**
   * The operator's stack names start with this, in every naming scheme (Legacy and Hashed): the
   * rule's pattern matches both.
   */
  public static final String STACK_NAME_PREFIX = Names.STACK_NAME_PREFIX;

  static final int UNTAGGED_IMAGE_DAYS = 14;

  /** Events older than this are useless: the sweep has read the stacks since. */
  static final int STACK_EVENT_RETENTION_SECONDS = 3600;

  /** The artifacts bucket of {@code accountId} in {@code region}. */
  public static String artifactsBucketName(String accountId, String region) {
    return "datapipeline-artifacts-" + accountId + "-" + region;
  }

  public BootstrapStack render() {
    Template t =
        new Template(
            "DataPipeline bootstrap: image repositories, the artifacts bucket and the stack-events"
                + " queue of this account and region");
    t.resource(
            "ConverterRepository",
            "AWS::ECR::Repository",
            repository(CONVERTER_REPOSITORY, lambdaPullPolicy()))
        .retentionPolicy("Retain");
    t.resource("GrafanaRepository", "AWS::ECR::Repository", repository(GRAFANA_REPOSITORY, null))
        .retentionPolicy("Retain");

    t.resource(
            "ArtifactsBucket",
            "AWS::S3::Bucket",
            Buckets.privateVersioned(
                Fn.sub(ARTIFACTS_BUCKET_SUB), list(Buckets.abortIncompleteUploadsAndOldVersions())))
        .retentionPolicy("Retain");
    t.resource(
        "ArtifactsBucketPolicy", "AWS::S3::BucketPolicy", Buckets.tlsOnlyPolicy("ArtifactsBucket"));

    stackEvents(t);

    t.output(
            OUTPUT_ARTIFACTS_BUCKET,
            Fn.ref("ArtifactsBucket"),
            "Bucket for schemas and large templates.")
        .output(
            OUTPUT_STACK_EVENTS_QUEUE_URL,
            Fn.ref("StackEventsQueue"),
            "The operator long-polls CloudFormation's stack events here.")
        .output(
            OUTPUT_CONVERTER_REPOSITORY_URI,
            Fn.getAtt("ConverterRepository", "RepositoryUri"),
            "Push the converter image here.")
        .output(
            OUTPUT_GRAFANA_REPOSITORY_URI,
            Fn.getAtt("GrafanaRepository", "RepositoryUri"),
            "Push the Grafana image here.");
    return new BootstrapStack(
        STACK_NAME,
        t.toJson(),
        Map.of(RenderContext.TAG_PREFIX + "component", "bootstrap"),
        Set.of());
  }

  /** The EventBridge rule, its queue, and the policy letting only that rule send to it. */
  private static void stackEvents(Template t) {
    t.resource(
        "StackEventsQueue",
        "AWS::SQS::Queue",
        obj(
            "QueueName",
            STACK_EVENTS_QUEUE,
            "SqsManagedSseEnabled",
            true,
            "MessageRetentionPeriod",
            STACK_EVENT_RETENTION_SECONDS,
            "ReceiveMessageWaitTimeSeconds",
            20));
    t.resource(
        "StackEventsRule",
        "AWS::Events::Rule",
        obj(
            "Description",
            "CloudFormation status and drift events of the DataPipeline operator's stacks",
            "State",
            "ENABLED",
            "EventPattern",
            obj(
                "source",
                list("aws.cloudformation"),
                "detail-type",
                STACK_EVENT_TYPES,
                "resources",
                list(
                    obj(
                        "prefix",
                        Fn.sub(
                            "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/"
                                + STACK_NAME_PREFIX)))),
            "Targets",
            list(obj("Id", "StackEventsQueue", "Arn", Fn.getAtt("StackEventsQueue", "Arn")))));
    t.resource(
        "DashboardEventsRule",
        "AWS::Events::Rule",
        obj(
            "Description",
            "ECS service, deployment and task events of the DataPipeline dashboards' clusters",
            "State",
            "ENABLED",
            "EventPattern",
            obj(
                "source",
                list("aws.ecs"),
                "detail-type",
                DASHBOARD_EVENT_TYPES,
                // Service and task ARNs name their cluster (service/<cluster>/<name>,
                // task/<cluster>/<id>): only the dashboards' clusters, dp- like the stacks.
                "resources",
                list(obj("prefix", ecsArn("service/")), obj("prefix", ecsArn("task/"))),
                // Only what changes status.dashboard: ECS repeats SERVICE_STEADY_STATE
                // periodically, and a task passes through states between started and stopped.
                "$or",
                list(
                    obj(
                        "detail-type",
                        list("ECS Service Action", "ECS Deployment State Change"),
                        "detail",
                        obj("eventName", list(obj("anything-but", QUIET_SERVICE_EVENTS)))),
                    obj(
                        "detail-type",
                        list("ECS Task State Change"),
                        "detail",
                        obj("lastStatus", list("RUNNING", "STOPPED"))))),
            "Targets",
            list(obj("Id", "StackEventsQueue", "Arn", Fn.getAtt("StackEventsQueue", "Arn")))));
    t.resource(
        "StackEventsQueuePolicy",
        "AWS::SQS::QueuePolicy",
        obj(
            "Queues",
            list(Fn.ref("StackEventsQueue")),
            "PolicyDocument",
            Iam.document(
                list(
                    obj(
                        "Sid",
                        "StackAndDashboardEventRulesOnly",
                        "Effect",
                        "Allow",
                        "Principal",
                        obj("Service", "events.amazonaws.com"),
                        "Action",
                        "sqs:SendMessage",
                        "Resource",
                        Fn.getAtt("StackEventsQueue", "Arn"),
                        "Condition",
                        obj(
                            "ArnEquals",
                            obj(
                                "aws:SourceArn",
                                list(
                                    Fn.getAtt("StackEventsRule", "Arn"),
                                    Fn.getAtt("DashboardEventsRule", "Arn")))))))));
  }

  /** The ARN prefix of ECS resources of kind {@code kind} in the operator's clusters. */
  private static Map<String, Object> ecsArn(String kind) {
    return Fn.sub(
        "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:" + kind + STACK_NAME_PREFIX);
  }

  /** Lambda pulls container images with its service principal; same account only. */
  private static Map<String, Object> lambdaPullPolicy() {
    return Iam.document(
        list(
            obj(
                "Sid",
                "LambdaPull",
                "Effect",
                "Allow",
                "Principal",
                obj("Service", "lambda.amazonaws.com"),
                "Action",
                List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"),
                "Condition",
                obj(
                    "StringLike",
                    obj(
                        "aws:sourceArn",
                        Fn.sub(
                            "arn:${AWS::Partition}:lambda:${AWS::Region}:"
                                + "${AWS::AccountId}:function:*"))))));
  }

  private static Map<String, Object> repository(String name, Map<String, Object> policy) {
    String lifecycle =
        CanonicalJson.compact(
            obj(
                "rules",
                list(
                    obj(
                        "rulePriority",
                        1,
                        "description",
                        "Expire untagged images after " + UNTAGGED_IMAGE_DAYS + " days",
                        "selection",
                        obj(
                            "tagStatus",
                            "untagged",
                            "countType",
                            "sinceImagePushed",
                            "countUnit",
                            "days",
                            "countNumber",
                            UNTAGGED_IMAGE_DAYS),
                        "action",
                        obj("type", "expire")))));
    return obj(
        "RepositoryName",
        name,
        "ImageScanningConfiguration",
        obj("ScanOnPush", true),
        // Tags are never moved: a function or task keeps running the image it was deployed with.
        "ImageTagMutability",
        "IMMUTABLE",
        "EncryptionConfiguration",
        obj("EncryptionType", "AES256"),
        "LifecyclePolicy",
        obj("LifecyclePolicyText", lifecycle),
        "RepositoryPolicyText",
        policy);
  }
}
