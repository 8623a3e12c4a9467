package io.datapipeline.render;

import static io.datapipeline.render.StackParameters.CONVERTER_FUNCTION_NAME;
import static io.datapipeline.render.StackParameters.DATABASE_ENDPOINT;
import static io.datapipeline.render.StackParameters.DATABASE_INSTANCE_ID;
import static io.datapipeline.render.StackParameters.DATABASE_PORT;
import static io.datapipeline.render.StackParameters.DATABASE_READER_SECRET_ARN;
import static io.datapipeline.render.StackParameters.FAILURE_QUEUE_NAME;
import static io.datapipeline.render.StackParameters.TABLE_NAME;
import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.api.v1alpha1.DashboardSpec;
import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana task of the dashboard stack: its task definition and container, and the two roles
 * (execution: pull the image, write logs, inject secrets; task: read CloudWatch metrics).
 */
final class GrafanaTask {

  static final String CONTAINER = "grafana";

  private static final Pattern ECR_IMAGE =
      Pattern.compile("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/([^:@]+)");

  private GrafanaTask() {}

  static void add(Template t, RenderContext context) {
    addRoles(t, context);
    DashboardSpec dashboard = context.spec().dashboard;
    t.resource(
        "TaskDefinition",
        "AWS::ECS::TaskDefinition",
        obj(
            "Cpu", Integer.toString(dashboard.cpu),
            "Memory", Integer.toString(dashboard.memoryMiB),
            "NetworkMode", "awsvpc",
            "RequiresCompatibilities", list("FARGATE"),
            "ExecutionRoleArn", Fn.getAtt("ExecutionRole", "Arn"),
            "TaskRoleArn", Fn.getAtt("TaskRole", "Arn"),
            "RuntimePlatform", obj("OperatingSystemFamily", "LINUX", "CpuArchitecture", "X86_64"),
            "ContainerDefinitions", list(container(context))));
  }

  private static void addRoles(Template t, RenderContext context) {
    String who = context.label();
    t.resource(
        "ExecutionRole",
        "AWS::IAM::Role",
        obj(
            "Description",
            "Starts the Grafana tasks of " + who,
            "AssumeRolePolicyDocument",
            Iam.trust("ecs-tasks.amazonaws.com"),
            "PermissionsBoundary",
            context.permissionsBoundaryArn(),
            "Policies",
            list(Iam.inlinePolicy("grafana-task-execution", executionStatements(context)))));

    t.resource(
        "TaskRole",
        "AWS::IAM::Role",
        obj(
            "Description",
            "Grafana of " + who + ": reads CloudWatch metrics for its CloudWatch datasource",
            "AssumeRolePolicyDocument",
            Iam.trust("ecs-tasks.amazonaws.com"),
            "PermissionsBoundary",
            context.permissionsBoundaryArn(),
            "Policies",
            list(
                Iam.inlinePolicy(
                    "grafana-read-metrics",
                    list(
                        // As narrow as IAM allows: these reads have neither resource-level
                        // permissions nor condition keys (cloudwatch:namespace applies to
                        // PutMetricData only), so "*" it is; the role has nothing else: no
                        // logs (the dashboards query metrics only), no alarms, no writes.
                        Iam.allow(
                            "ReadMetrics",
                            List.of(
                                "cloudwatch:GetMetricData",
                                "cloudwatch:GetMetricStatistics",
                                "cloudwatch:ListMetrics"),
                            "*"))))));
  }

  private static List<Object> executionStatements(RenderContext context) {
    List<Object> statements =
        list(
            Iam.writeOwnLogs("LogGroup"),
            Iam.allow(
                "InjectSecrets",
                List.of("secretsmanager:GetSecretValue"),
                list(Fn.ref("AdminSecret"), DATABASE_READER_SECRET_ARN.ref())));
    Matcher ecr = ECR_IMAGE.matcher(context.grafanaImage());
    if (ecr.find()) {
      // Registry login has no resource-level permission; pulling is scoped to the one repository.
      statements.add(Iam.allow("EcrLogin", List.of("ecr:GetAuthorizationToken"), "*"));
      statements.add(
          Iam.allow(
              "PullImage",
              List.of(
                  "ecr:BatchCheckLayerAvailability",
                  "ecr:BatchGetImage",
                  "ecr:GetDownloadUrlForLayer"),
              Fn.sub(
                  "arn:${AWS::Partition}:ecr:"
                      + ecr.group(2)
                      + ":"
                      + ecr.group(1)
                      + ":repository/"
                      + ecr.group(4))));
    }
    return statements;
  }

  /**
   * Grafana's container: configuration in the environment, every credential from Secrets Manager.
   */
  private static Map<String, Object> container(RenderContext context) {
    return obj(
        "Name",
        CONTAINER,
        "Image",
        context.grafanaImage(),
        "Essential",
        true,
        "PortMappings",
        list(obj("ContainerPort", Ports.GRAFANA, "Protocol", "tcp")),
        "Environment",
        environment(context),
        "Secrets",
        secrets(),
        "HealthCheck",
        obj(
            "Command",
            list(
                "CMD-SHELL",
                "wget -q -O /dev/null http://127.0.0.1:"
                    + Ports.GRAFANA
                    + DashboardStack.HEALTH_PATH
                    + " || exit 1"),
            "Interval",
            30,
            "Timeout",
            5,
            "Retries",
            3,
            "StartPeriod",
            60),
        "LogConfiguration",
        obj(
            "LogDriver",
            "awslogs",
            "Options",
            obj(
                "awslogs-group",
                Fn.ref("LogGroup"),
                "awslogs-region",
                Fn.REGION,
                "awslogs-stream-prefix",
                CONTAINER)));
  }

  /**
   * Names and meanings: grafana/README.md, "The environment the dashboard task definition sets".
   */
  private static List<Object> environment(RenderContext context) {
    return list(
        env("ALB_FULL_NAME", Fn.getAtt("LoadBalancer", "LoadBalancerFullName")),
        env("AWS_REGION", Fn.REGION),
        env("CONVERTER_FUNCTION_NAME", CONVERTER_FUNCTION_NAME.ref()),
        env("DB_HOST", DATABASE_ENDPOINT.ref()),
        env("DB_INSTANCE_ID", DATABASE_INSTANCE_ID.ref()),
        env("DB_NAME", RenderContext.DATABASE_NAME),
        env("DB_PORT", DATABASE_PORT.ref()),
        env("DB_SSL_MODE", "verify-full"),
        env("DB_TABLE", context.databaseTableName()),
        env("DYNAMODB_TABLE", TABLE_NAME.ref()),
        env("ECS_CLUSTER_NAME", DashboardStack.clusterName(context)),
        env("ECS_SERVICE_NAME", DashboardStack.serviceName(context)),
        env("FAILURE_QUEUE_NAME", FAILURE_QUEUE_NAME.ref()),
        env("GF_SERVER_ROOT_URL", DashboardStack.url(context)),
        env("PIPELINE", context.identity().qualifiedName()),
        env("TARGET_GROUP_FULL_NAME", Fn.getAtt("TargetGroup", "TargetGroupFullName")));
  }

  private static List<Object> secrets() {
    return list(
        secret("DB_READER_PASSWORD", DATABASE_READER_SECRET_ARN.sub() + ":password::"),
        secret("DB_READER_USER", DATABASE_READER_SECRET_ARN.sub() + ":username::"),
        secret("GF_SECURITY_ADMIN_PASSWORD", "${AdminSecret}:password::"));
  }

  private static Map<String, Object> env(String name, Object value) {
    return obj("Name", name, "Value", value);
  }

  private static Map<String, Object> secret(String name, String valueFrom) {
    return obj("Name", name, "ValueFrom", Fn.sub(valueFrom));
  }
}
