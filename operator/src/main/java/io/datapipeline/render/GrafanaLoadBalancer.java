package io.datapipeline.render;

import static io.datapipeline.render.StackParameters.DASHBOARD_SECURITY_GROUP_ID;
import static io.datapipeline.render.StackParameters.PUBLIC_SUBNET_IDS;
import static io.datapipeline.render.StackParameters.VPC_ID;
import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dashboard stack's way in: an internet-facing ALB open to {@code allowedCidrs} only, its
 * target group of Grafana tasks, and its listeners (HTTPS when a certificate is given).
 */
final class GrafanaLoadBalancer {

  static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

  private GrafanaLoadBalancer() {}

  /** Adds the load balancer's resources; returns the logical ids of its listeners. */
  static List<String> add(Template t, RenderContext context) {
    addSecurityGroup(t, context);
    addLoadBalancer(t);
    addTargetGroup(t);
    return addListeners(t, context);
  }

  /** Admits allowedCidrs to the load balancer and the load balancer alone to the tasks. */
  private static void addSecurityGroup(Template t, RenderContext context) {
    boolean https = DashboardStack.https(context);
    List<Object> ingress = new ArrayList<>();
    for (String cidr : context.spec().dashboard.allowedCidrs) {
      ingress.add(SecurityGroups.tcpFromCidr(Ports.HTTP, cidr, "HTTP from " + cidr));
      if (https) {
        ingress.add(SecurityGroups.tcpFromCidr(Ports.HTTPS, cidr, "HTTPS from " + cidr));
      }
    }
    t.resource(
        "LoadBalancerSecurityGroup",
        "AWS::EC2::SecurityGroup",
        obj(
            "GroupDescription",
            "Load balancer of the Grafana of " + context.label() + ": allowedCidrs only",
            "VpcId",
            VPC_ID.ref(),
            "SecurityGroupIngress",
            ingress.isEmpty() ? null : ingress,
            "SecurityGroupEgress",
            list(
                SecurityGroups.tcpToGroup(
                    Ports.GRAFANA, DASHBOARD_SECURITY_GROUP_ID.ref(), "Grafana tasks"))));
    t.resource(
        "TasksFromLoadBalancer",
        "AWS::EC2::SecurityGroupIngress",
        SecurityGroups.ingressRule(
            DASHBOARD_SECURITY_GROUP_ID.ref(),
            Ports.GRAFANA,
            Fn.getAtt("LoadBalancerSecurityGroup", "GroupId"),
            "Grafana from its load balancer only"));
  }

  private static void addLoadBalancer(Template t) {
    t.resource(
        "LoadBalancer",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        obj(
            "Type", "application",
            "Scheme", "internet-facing",
            "Subnets", PUBLIC_SUBNET_IDS.ref(),
            "SecurityGroups", list(Fn.getAtt("LoadBalancerSecurityGroup", "GroupId")),
            "LoadBalancerAttributes",
                list(
                    obj(
                        "Key",
                        "routing.http.drop_invalid_header_fields.enabled",
                        "Value",
                        "true"))));
  }

  private static void addTargetGroup(Template t) {
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
            VPC_ID.ref(),
            "HealthCheckPath",
            DashboardStack.HEALTH_PATH,
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
  }

  private static List<String> addListeners(Template t, RenderContext context) {
    boolean https = DashboardStack.https(context);
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
              list(obj("CertificateArn", context.spec().dashboard.certificateArn)),
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
    return listeners;
  }
}
