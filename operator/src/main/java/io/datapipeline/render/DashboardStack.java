package io.datapipeline.render;

import static io.datapipeline.render.StackParameters.CONVERTER_FUNCTION_NAME;
import static io.datapipeline.render.StackParameters.DASHBOARD_SECURITY_GROUP_ID;
import static io.datapipeline.render.StackParameters.DATABASE_ENDPOINT;
import static io.datapipeline.render.StackParameters.DATABASE_INSTANCE_ID;
import static io.datapipeline.render.StackParameters.DATABASE_PORT;
import static io.datapipeline.render.StackParameters.DATABASE_READER_SECRET_ARN;
import static io.datapipeline.render.StackParameters.FAILURE_QUEUE_NAME;
import static io.datapipeline.render.StackParameters.PUBLIC_SUBNET_IDS;
import static io.datapipeline.render.StackParameters.TABLE_NAME;
import static io.datapipeline.render.StackParameters.VPC_ID;
import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.api.v1alpha1.DashboardSpec;
import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;
import java.util.List;
import java.util.Map;

/**
 * Grafana on ECS Fargate behind an internet-facing ALB, with CPU target-tracking auto scaling,
 * alarms and a CloudWatch dashboard over the whole pipeline.
 *
 * <p>Tasks run in the public subnets with a public IP (no NAT needed to pull any registry's image);
 * their security group admits port 3000 only from the load balancer's group. See docs/templates.md.
 * The task is built by {@link GrafanaTask}, the way in by {@link GrafanaLoadBalancer}.
 */
final class DashboardStack {

  static final int LOG_RETENTION_DAYS = 30;
  static final String HEALTH_PATH = "/api/health";

  private DashboardStack() {}

  static StackSpec render(RenderContext context) {
    StackBuilder stack =
        new StackBuilder(Component.DASHBOARD, context, "Grafana dashboard").needsIam();
    declareParameters(stack, context);
    Template t = stack.template();
    addClusterAndSecret(t, context);
    GrafanaTask.add(t, context);
    List<String> listeners = GrafanaLoadBalancer.add(t, context);
    addService(t, context, listeners);
    addScaling(t, context.spec().dashboard);
    addAlarms(t, context.label());
    t.resource(
        "OperationsDashboard",
        "AWS::CloudWatch::Dashboard",
        obj("DashboardBody", OperationsDashboard.body(context.label())));
    addOutputs(t, context);
    return stack.build();
  }

  private static void declareParameters(StackBuilder stack, RenderContext context) {
    stack
        .parameter(VPC_ID, context.vpcId())
        .parameter(
            PUBLIC_SUBNET_IDS.describedAs(
                "Public subnets (two or more Availability Zones) for the load balancer and tasks."),
            context.publicSubnetIds())
        .parameter(DASHBOARD_SECURITY_GROUP_ID)
        .parameter(DATABASE_ENDPOINT)
        .parameter(DATABASE_PORT)
        .parameter(DATABASE_READER_SECRET_ARN)
        .parameter(DATABASE_INSTANCE_ID)
        .parameter(TABLE_NAME.describedAs("DynamoDB table, for metrics."))
        .parameter(CONVERTER_FUNCTION_NAME)
        .parameter(FAILURE_QUEUE_NAME);
  }

  /** The cluster, the tasks' log group and Grafana's generated admin login. */
  private static void addClusterAndSecret(Template t, RenderContext context) {
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
        Secrets.generatedLogin("Grafana admin login of " + context.label(), "admin"));
  }

  private static void addService(Template t, RenderContext context, List<String> listeners) {
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
                            "Subnets", PUBLIC_SUBNET_IDS.ref(),
                            "SecurityGroups", list(DASHBOARD_SECURITY_GROUP_ID.ref()))),
                "LoadBalancers",
                    list(
                        obj(
                            "ContainerName",
                            GrafanaTask.CONTAINER,
                            "ContainerPort",
                            Ports.GRAFANA,
                            "TargetGroupArn",
                            Fn.ref("TargetGroup")))))
        .dependsOn(listeners.toArray(String[]::new));
  }

  /** Between minTasks and maxTasks, tracking the service's average CPU. */
  private static void addScaling(Template t, DashboardSpec dashboard) {
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
  }

  private static void addAlarms(Template t, String who) {
    Map<String, Object> loadBalancer =
        obj("Name", "LoadBalancer", "Value", Fn.getAtt("LoadBalancer", "LoadBalancerFullName"));
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
                loadBalancer),
            "Maximum"));
    t.resource(
        "LoadBalancer5xxAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "The load balancer of the Grafana of " + who + " answered 5XX",
            "AWS/ApplicationELB",
            "HTTPCode_ELB_5XX_Count",
            list(loadBalancer),
            "Sum"));
    t.resource(
        "Grafana5xxAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.aboveZero(
            "Grafana of " + who + " answered 5XX",
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            list(loadBalancer),
            "Sum"));
  }

  private static void addOutputs(Template t, RenderContext context) {
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
  }

  static String clusterName(RenderContext context) {
    return context.names().dashboardClusterName();
  }

  static String serviceName(RenderContext context) {
    return "grafana";
  }

  /** Serve HTTPS: a certificate is given. */
  static boolean https(RenderContext context) {
    String certificate = context.spec().dashboard.certificateArn;
    return certificate != null && !certificate.isBlank();
  }

  static Map<String, Object> url(RenderContext context) {
    return Fn.sub((https(context) ? "https" : "http") + "://${LoadBalancer.DNSName}");
  }
}
