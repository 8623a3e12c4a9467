package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.render.cfn.CanonicalJson;
import io.datapipeline.render.cfn.Fn;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch dashboard for whoever operates the pipeline: converter, failure queue, database,
 * table, Grafana service and load balancer on one page. The body is JSON in a string; names are
 * filled in by {@code Fn::Sub} from the stack's parameters and resources.
 */
final class OperationsDashboard {

  private static final int WIDTH = 8;
  private static final int HEIGHT = 6;

  private OperationsDashboard() {}

  static Map<String, Object> body(String who) {
    List<Map<String, Object>> widgets =
        List.of(
            widget(
                "Converter invocations and errors",
                list(
                    metric(
                        "AWS/Lambda",
                        "Invocations",
                        "Sum",
                        "FunctionName",
                        "${ConverterFunctionName}"),
                    metric(
                        "AWS/Lambda", "Errors", "Sum", "FunctionName", "${ConverterFunctionName}"),
                    metric(
                        "AWS/Lambda",
                        "Throttles",
                        "Sum",
                        "FunctionName",
                        "${ConverterFunctionName}"))),
            widget(
                "Converter duration (ms)",
                list(
                    metric(
                        "AWS/Lambda",
                        "Duration",
                        "Average",
                        "FunctionName",
                        "${ConverterFunctionName}"),
                    metric(
                        "AWS/Lambda",
                        "Duration",
                        "Maximum",
                        "FunctionName",
                        "${ConverterFunctionName}"))),
            widget(
                "Files waiting in the failure queue",
                list(
                    metric(
                        "AWS/SQS",
                        "ApproximateNumberOfMessagesVisible",
                        "Maximum",
                        "QueueName",
                        "${FailureQueueName}"))),
            widget(
                "Database CPU (%) and connections",
                list(
                    metric(
                        "AWS/RDS",
                        "CPUUtilization",
                        "Average",
                        "DBInstanceIdentifier",
                        "${DatabaseInstanceId}"),
                    metric(
                        "AWS/RDS",
                        "DatabaseConnections",
                        "Maximum",
                        "DBInstanceIdentifier",
                        "${DatabaseInstanceId}"))),
            widget(
                "Database free storage (bytes)",
                list(
                    metric(
                        "AWS/RDS",
                        "FreeStorageSpace",
                        "Minimum",
                        "DBInstanceIdentifier",
                        "${DatabaseInstanceId}"))),
            widget(
                "DynamoDB consumed capacity and throttles",
                list(
                    metric(
                        "AWS/DynamoDB",
                        "ConsumedWriteCapacityUnits",
                        "Sum",
                        "TableName",
                        "${TableName}"),
                    metric(
                        "AWS/DynamoDB",
                        "ConsumedReadCapacityUnits",
                        "Sum",
                        "TableName",
                        "${TableName}"),
                    metric(
                        "AWS/DynamoDB", "WriteThrottleEvents", "Sum", "TableName", "${TableName}"),
                    metric(
                        "AWS/DynamoDB", "ReadThrottleEvents", "Sum", "TableName", "${TableName}"))),
            widget(
                "Grafana CPU (%)",
                list(
                    list(
                        "AWS/ECS",
                        "CPUUtilization",
                        "ClusterName",
                        "${Cluster}",
                        "ServiceName",
                        "${Service.Name}",
                        obj("stat", "Average")))),
            widget(
                "Grafana running tasks",
                list(
                    list(
                        "ECS/ContainerInsights",
                        "RunningTaskCount",
                        "ClusterName",
                        "${Cluster}",
                        "ServiceName",
                        "${Service.Name}",
                        obj("stat", "Average")))),
            widget(
                "Load balancer requests and 5XX",
                list(
                    metric(
                        "AWS/ApplicationELB",
                        "RequestCount",
                        "Sum",
                        "LoadBalancer",
                        "${LoadBalancer.LoadBalancerFullName}"),
                    metric(
                        "AWS/ApplicationELB",
                        "HTTPCode_ELB_5XX_Count",
                        "Sum",
                        "LoadBalancer",
                        "${LoadBalancer.LoadBalancerFullName}"),
                    metric(
                        "AWS/ApplicationELB",
                        "HTTPCode_Target_5XX_Count",
                        "Sum",
                        "LoadBalancer",
                        "${LoadBalancer.LoadBalancerFullName}"))));
    List<Object> placed = new java.util.ArrayList<>();
    for (int i = 0; i < widgets.size(); i++) {
      Map<String, Object> widget = new java.util.TreeMap<>(widgets.get(i));
      widget.put("x", (i % 3) * WIDTH);
      widget.put("y", 1 + (i / 3) * HEIGHT); // below the one-line header
      placed.add(widget);
    }
    Map<String, Object> header =
        obj(
            "type",
            "text",
            "x",
            0,
            "y",
            0,
            "width",
            3 * WIDTH,
            "height",
            1,
            "properties",
            obj("markdown", "# DataPipeline " + who));
    placed.add(0, header);
    return Fn.sub(CanonicalJson.compact(obj("widgets", placed)));
  }

  private static Map<String, Object> widget(String title, List<Object> metrics) {
    return obj(
        "type",
        "metric",
        "width",
        WIDTH,
        "height",
        HEIGHT,
        "properties",
        obj(
            "title",
            title,
            "metrics",
            metrics,
            "region",
            "${AWS::Region}",
            "view",
            "timeSeries",
            "stacked",
            false,
            "period",
            Alarms.PERIOD_SECONDS));
  }

  private static List<Object> metric(
      String namespace, String name, String stat, String dimension, String value) {
    return list(namespace, name, dimension, value, obj("stat", stat));
  }
}
