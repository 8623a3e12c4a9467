package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.api.v1alpha1.DashboardSpec;
import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana on ECS Fargate behind an internet-facing ALB, with CPU target-tracking auto scaling,
 * alarms and a CloudWatch dashboard over the whole pipeline.
 *
 * <p>Tasks run in the public subnets with a public IP (no NAT needed to pull any registry's image);
 * their security group admits port 3000 only from the load balancer's group. See docs/templates.md.
 */
final class DashboardStack {

  static final String CONTAINER = "grafana";
  static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
  static final int LOG_RETENTION_DAYS = 30;
  static final String HEALTH_PATH = "/api/health";

  private static final Pattern ECR_IMAGE =
      Pattern.compile("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/([^:@]+)");

  private DashboardStack() {}

  static StackSpec render(RenderContext context) {
    DashboardSpec dashboard = context.spec().dashboard;
    boolean https = dashboard.certificateArn != null && !dashboard.certificateArn.isBlank();
    String who = context.label();
    StackBuilder stack =
        new StackBuilder(Component.DASHBOARD, "DataPipeline " + who + ": Grafana dashboard")
            .needsIam();
    declareParameters(stack, context);
    Template t = stack.template();

    // Cluster and service are named: the task definition passes the names to Grafana, and a Ref
    // from the task definition to the service that uses it would be a cycle.
    t.resource(
        "Cluster",
        "AWS::ECS::Cluster",
        obj(
            "ClusterName",
            clusterName(context),
            "ClusterSettings",
            list(obj("Name", "containerInsights", "Value", "enabled"))));
    t.resource("LogGroup", "AWS::Logs::LogGroup", obj("RetentionInDays", LOG_RETENTION_DAYS));
    t.resource(
        "AdminSecret",
        "AWS::SecretsManager::Secret",
        obj(
            "Description",
            "Grafana admin login of " + who,
            "GenerateSecretString",
            obj(
                "SecretStringTemplate",
                "{\"username\":\"admin\"}",
                "GenerateStringKey",
                "password",
                "PasswordLength",
                32,
                "ExcludePunctuation",
                true)));

    t.resource(
        "ExecutionRole",
        "AWS::IAM::Role",
        obj(
            "Description",
            "Starts the Grafana tasks of " + who,
            "AssumeRolePolicyDocument",
            Iam.trust("ecs-tasks.amazonaws.com"),
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
            "Policies",
            list(
                Iam.inlinePolicy(
                    "grafana-read-metrics",
                    list(
                        // CloudWatch metric reads have no resource-level permissions.
                        Iam.allow(
                            "ReadMetrics",
                            List.of(
                                "cloudwatch:GetMetricData",
                                "cloudwatch:GetMetricStatistics",
                                "cloudwatch:ListMetrics"),
                            "*"))))));

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

    // The load balancer: the only way in.
    List<Object> albIngress = new ArrayList<>();
    for (String cidr : dashboard.allowedCidrs) {
      albIngress.add(SecurityGroups.tcpFromCidr(Ports.HTTP, cidr, "HTTP from " + cidr));
      if (https) {
        albIngress.add(SecurityGroups.tcpFromCidr(Ports.HTTPS, cidr, "HTTPS from " + cidr));
      }
    }
    t.resource(
        "LoadBalancerSecurityGroup",
        "AWS::EC2::SecurityGroup",
        obj(
            "GroupDescription",
            "Load balancer of the Grafana of " + who + ": allowedCidrs only",
            "VpcId",
            Fn.ref("VpcId"),
            "SecurityGroupIngress",
            albIngress.isEmpty() ? null : albIngress,
            "SecurityGroupEgress",
            list(
                obj(
                    "IpProtocol",
                    "tcp",
                    "FromPort",
                    Ports.GRAFANA,
                    "ToPort",
                    Ports.GRAFANA,
                    "DestinationSecurityGroupId",
                    Fn.ref("DashboardSecurityGroupId"),
                    "Description",
                    "Grafana tasks"))));
    t.resource(
        "TasksFromLoadBalancer",
        "AWS::EC2::SecurityGroupIngress",
        SecurityGroups.ingressRule(
            Fn.ref("DashboardSecurityGroupId"),
            Ports.GRAFANA,
            Fn.getAtt("LoadBalancerSecurityGroup", "GroupId"),
            "Grafana from its load balancer only"));

    t.resource(
        "LoadBalancer",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        obj(
            "Type", "application",
            "Scheme", "internet-facing",
            "Subnets", Fn.ref("PublicSubnetIds"),
            "SecurityGroups", list(Fn.getAtt("LoadBalancerSecurityGroup", "GroupId")),
            "LoadBalancerAttributes",
                list(
                    obj(
                        "Key",
                        "routing.http.drop_invalid_header_fields.enabled",
                        "Value",
                        "true"))));
    t.resource(
        "TargetGroup",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        obj(
            "Port",
            Ports.GRAFANA,
            "Protocol",
            "HTTP",
            "TargetType",
            "ip",
            "VpcId",
            Fn.ref("VpcId"),
            "HealthCheckPath",
            HEALTH_PATH,
            "HealthCheckProtocol",
            "HTTP",
            "Matcher",
            obj("HttpCode", "200"),
            "TargetGroupAttributes",
            // Each Grafana task keeps its login sessions locally: pin a browser to one task so
            // users are not logged out when auto scaling runs more than one.
            list(
                obj("Key", "deregistration_delay.timeout_seconds", "Value", "30"),
                obj("Key", "stickiness.enabled", "Value", "true"),
                obj("Key", "stickiness.type", "Value", "lb_cookie"),
                obj("Key", "stickiness.lb_cookie.duration_seconds", "Value", "86400"))));
    Map<String, Object> forward = obj("Type", "forward", "TargetGroupArn", Fn.ref("TargetGroup"));
    List<String> listeners = new ArrayList<>();
    if (https) {
      t.resource(
          "HttpsListener",
          "AWS::ElasticLoadBalancingV2::Listener",
          obj(
              "LoadBalancerArn",
              Fn.ref("LoadBalancer"),
              "Port",
              Ports.HTTPS,
              "Protocol",
              "HTTPS",
              "SslPolicy",
              TLS_POLICY,
              "Certificates",
              list(obj("CertificateArn", dashboard.certificateArn)),
              "DefaultActions",
              list(forward)));
      listeners.add("HttpsListener");
    }
    // With a certificate, plain HTTP only redirects to HTTPS; without one it serves Grafana.
    Map<String, Object> httpAction =
        https
            ? obj(
                "Type",
                "redirect",
                "RedirectConfig",
                obj(
                    "Protocol",
                    "HTTPS",
                    "Port",
                    Integer.toString(Ports.HTTPS),
                    "StatusCode",
                    "HTTP_301"))
            : forward;
    t.resource(
        "HttpListener",
        "AWS::ElasticLoadBalancingV2::Listener",
        obj(
            "LoadBalancerArn",
            Fn.ref("LoadBalancer"),
            "Port",
            Ports.HTTP,
            "Protocol",
            "HTTP",
            "DefaultActions",
            list(httpAction)));
    listeners.add("HttpListener");

    // No DesiredCount: auto scaling owns it, and a stack update must not reset it.
    t.resource(
            "Service",
            "AWS::ECS::Service",
            obj(
                "ServiceName", serviceName(context),
                "Cluster", Fn.ref("Cluster"),
                "LaunchType", "FARGATE",
                "TaskDefinition", Fn.ref("TaskDefinition"),
                "PropagateTags", "SERVICE",
                "EnableECSManagedTags", true,
                "HealthCheckGracePeriodSeconds", 120,
                "DeploymentConfiguration",
                    obj(
                        "DeploymentCircuitBreaker", obj("Enable", true, "Rollback", true),
                        "MinimumHealthyPercent", 100,
                        "MaximumPercent", 200),
                "NetworkConfiguration",
                    obj(
                        "AwsvpcConfiguration",
                        obj(
                            "AssignPublicIp", "ENABLED",
                            "Subnets", Fn.ref("PublicSubnetIds"),
                            "SecurityGroups", list(Fn.ref("DashboardSecurityGroupId")))),
                "LoadBalancers",
                    list(
                        obj(
                            "ContainerName",
                            CONTAINER,
                            "ContainerPort",
                            Ports.GRAFANA,
                            "TargetGroupArn",
                            Fn.ref("TargetGroup")))))
        .dependsOn(listeners.toArray(String[]::new));

    t.resource(
        "ScalableTarget",
        "AWS::ApplicationAutoScaling::ScalableTarget",
        obj(
            "ServiceNamespace",
            "ecs",
            "ScalableDimension",
            "ecs:service:DesiredCount",
            "ResourceId",
            Fn.sub("service/${Cluster}/${Service.Name}"),
            "MinCapacity",
            dashboard.minTasks,
            "MaxCapacity",
            dashboard.maxTasks));
    t.resource(
        "CpuScalingPolicy",
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        obj(
            "PolicyName",
            "grafana-cpu-target-tracking",
            "PolicyType",
            "TargetTrackingScaling",
            "ScalingTargetId",
            Fn.ref("ScalableTarget"),
            "TargetTrackingScalingPolicyConfiguration",
            obj(
                "PredefinedMetricSpecification",
                obj("PredefinedMetricType", "ECSServiceAverageCPUUtilization"),
                "TargetValue",
                dashboard.targetCpuPercent,
                "ScaleInCooldown",
                300,
                "ScaleOutCooldown",
                60)));

    addAlarms(t, who);
    t.resource(
        "OperationsDashboard",
        "AWS::CloudWatch::Dashboard",
        obj("DashboardBody", OperationsDashboard.body(who)));

    t.output(StackOutput.DASHBOARD_URL.key(), url(context), "URL of Grafana.")
        .output(StackOutput.ECS_CLUSTER_NAME.key(), Fn.ref("Cluster"), "ECS cluster of Grafana.")
        .output(
            StackOutput.ECS_SERVICE_NAME.key(),
            Fn.getAtt("Service", "Name"),
            "ECS service of Grafana.")
        .output(
            StackOutput.LOAD_BALANCER_DNS_NAME.key(),
            Fn.getAtt("LoadBalancer", "DNSName"),
            "DNS name of the load balancer (point a CNAME at it).")
        .output(
            StackOutput.GRAFANA_ADMIN_SECRET_ARN.key(),
            Fn.ref("AdminSecret"),
            "Secret with the Grafana admin login.");
    return stack.build(context);
  }

  private static void declareParameters(StackBuilder stack, RenderContext context) {
    stack
        .parameter("VpcId", "AWS::EC2::VPC::Id", "VPC of the pipeline.", context.vpcId())
        .parameter(
            "PublicSubnetIds",
            "List<AWS::EC2::Subnet::Id>",
            "Public subnets (two or more Availability Zones) for the load balancer and tasks.",
            context.publicSubnetIds())
        .parameter(
            "DashboardSecurityGroupId",
            "AWS::EC2::SecurityGroup::Id",
            "Security group of the Grafana tasks (created by the database stack).",
            ParameterValue.fromOutput(StackOutput.DASHBOARD_SECURITY_GROUP_ID))
        .parameter(
            "DatabaseEndpoint",
            "String",
            "PostgreSQL host.",
            ParameterValue.fromOutput(StackOutput.DATABASE_ENDPOINT))
        .parameter(
            "DatabasePort",
            "String",
            "PostgreSQL port.",
            ParameterValue.fromOutput(StackOutput.DATABASE_PORT))
        .parameter(
            "DatabaseReaderSecretArn",
            "String",
            "Secret with Grafana's read-only database login.",
            ParameterValue.fromOutput(StackOutput.DATABASE_READER_SECRET_ARN))
        .parameter(
            "DatabaseInstanceId",
            "String",
            "DB instance identifier, for metrics and alarms.",
            ParameterValue.fromOutput(StackOutput.DATABASE_INSTANCE_ID))
        .parameter(
            "TableName",
            "String",
            "DynamoDB table, for metrics.",
            ParameterValue.fromOutput(StackOutput.TABLE_NAME))
        .parameter(
            "ConverterFunctionName",
            "String",
            "Converter function, for metrics.",
            ParameterValue.fromOutput(StackOutput.CONVERTER_FUNCTION_NAME))
        .parameter(
            "FailureQueueName",
            "String",
            "Converter failure queue, for metrics.",
            ParameterValue.fromOutput(StackOutput.FAILURE_QUEUE_NAME));
  }

  /**
   * Grafana's container: configuration in the environment, every credential from Secrets Manager.
   */
  private static Map<String, Object> container(RenderContext context) {
    // Names and meanings: grafana/README.md, "The environment the dashboard task definition sets".
    List<Object> environment =
        list(
            env("ALB_FULL_NAME", Fn.getAtt("LoadBalancer", "LoadBalancerFullName")),
            env("AWS_REGION", Fn.REGION),
            env("CONVERTER_FUNCTION_NAME", Fn.ref("ConverterFunctionName")),
            env("DB_HOST", Fn.ref("DatabaseEndpoint")),
            env("DB_INSTANCE_ID", Fn.ref("DatabaseInstanceId")),
            env("DB_NAME", RenderContext.DATABASE_NAME),
            env("DB_PORT", Fn.ref("DatabasePort")),
            env("DB_SSL_MODE", "verify-full"),
            env("DB_TABLE", context.databaseTableName()),
            env("DYNAMODB_TABLE", Fn.ref("TableName")),
            env("ECS_CLUSTER_NAME", clusterName(context)),
            env("ECS_SERVICE_NAME", serviceName(context)),
            env("FAILURE_QUEUE_NAME", Fn.ref("FailureQueueName")),
            env("GF_SERVER_ROOT_URL", url(context)),
            env("PIPELINE", context.identity().qualifiedName()),
            env("TARGET_GROUP_FULL_NAME", Fn.getAtt("TargetGroup", "TargetGroupFullName")));
    List<Object> secrets =
        list(
            secret("DB_READER_PASSWORD", "${DatabaseReaderSecretArn}:password::"),
            secret("DB_READER_USER", "${DatabaseReaderSecretArn}:username::"),
            secret("GF_SECURITY_ADMIN_PASSWORD", "${AdminSecret}:password::"));
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
        environment,
        "Secrets",
        secrets,
        "HealthCheck",
        obj(
            "Command",
            list(
                "CMD-SHELL",
                "wget -q -O /dev/null http://127.0.0.1:"
                    + Ports.GRAFANA
                    + HEALTH_PATH
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

  private static List<Object> executionStatements(RenderContext context) {
    List<Object> statements =
        list(
            Iam.allow(
                "OwnLogs",
                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                Fn.getAtt("LogGroup", "Arn")),
            Iam.allow(
                "InjectSecrets",
                List.of("secretsmanager:GetSecretValue"),
                list(Fn.ref("AdminSecret"), Fn.ref("DatabaseReaderSecretArn"))));
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

  private static void addAlarms(Template t, String who) {
    List<Object> albDimensions =
        list(
            obj(
                "Name",
                "LoadBalancer",
                "Value",
                Fn.getAtt("LoadBalancer", "LoadBalancerFullName")));
    t.resource(
        "UnhealthyTasksAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "Grafana tasks of " + who + " fail their health check",
            "AWS/ApplicationELB",
            "UnHealthyHostCount",
            list(
                obj(
                    "Name",
                    "TargetGroup",
                    "Value",
                    Fn.getAtt("TargetGroup", "TargetGroupFullName")),
                obj(
                    "Name",
                    "LoadBalancer",
                    "Value",
                    Fn.getAtt("LoadBalancer", "LoadBalancerFullName"))),
            "Maximum"));
    t.resource(
        "LoadBalancer5xxAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "The load balancer of the Grafana of " + who + " answered 5XX",
            "AWS/ApplicationELB",
            "HTTPCode_ELB_5XX_Count",
            albDimensions,
            "Sum"));
    t.resource(
        "Grafana5xxAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "Grafana of " + who + " answered 5XX",
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            albDimensions,
            "Sum"));
  }

  static String clusterName(RenderContext context) {
    return Names.stackName(context.identity(), "grafana");
  }

  static String serviceName(RenderContext context) {
    return "grafana";
  }

  private static Map<String, Object> url(RenderContext context) {
    String certificate = context.spec().dashboard.certificateArn;
    boolean https = certificate != null && !certificate.isBlank();
    return Fn.sub((https ? "https" : "http") + "://${LoadBalancer.DNSName}");
  }

  private static Map<String, Object> env(String name, Object value) {
    return obj("Name", name, "Value", value);
  }

  private static Map<String, Object> secret(String name, String valueFrom) {
    return obj("Name", name, "ValueFrom", Fn.sub(valueFrom));
  }
}
