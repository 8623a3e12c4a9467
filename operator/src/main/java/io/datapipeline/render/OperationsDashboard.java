package io.datapipeline.render;

import static io.datapipeline.render.StackParameters.CONVERTER_FUNCTION_NAME;
import static io.datapipeline.render.StackParameters.DATABASE_INSTANCE_ID;
import static io.datapipeline.render.StackParameters.FAILURE_QUEUE_NAME;
import static io.datapipeline.render.StackParameters.TABLE_NAME;
import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.render.cfn.CanonicalJson;
import io.datapipeline.render.cfn.Fn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    return Fn.sub(CanonicalJson.compact(obj("widgets", layOut(who, widgets()))));
  }

  /** One widget a row of metrics that belong together, in reading order. */
  private static List<Map<String, Object>> widgets() {
    return List.of(
        widget(
            "Converter invocations and errors",
            list(
                converter("Invocations", "Sum"),
                converter("Errors", "Sum"),
                converter("Throttles", "Sum"))),
        widget(
            "Converter duration (ms)",
            list(converter("Duration", "Average"), converter("Duration", "Maximum"))),
        widget(
            "Files waiting in the failure queue",
            list(
                metric(
                    "AWS/SQS",
                    "ApproximateNumberOfMessagesVisible",
                    "Maximum",
                    "QueueName",
                    FAILURE_QUEUE_NAME.sub()))),
        widget(
            "Database CPU (%) and connections",
            list(
                database("CPUUtilization", "Average"), database("DatabaseConnections", "Maximum"))),
        widget("Database free storage (bytes)", list(database("FreeStorageSpace", "Minimum"))),
        widget(
            "DynamoDB consumed capacity and throttles",
            list(
                table("ConsumedWriteCapacityUnits"),
                table("ConsumedReadCapacityUnits"),
                table("WriteThrottleEvents"),
                table("ReadThrottleEvents"))),
        widget("Grafana CPU (%)", list(grafanaService("AWS/ECS", "CPUUtilization"))),
        widget(
            "Grafana running tasks",
            list(grafanaService("ECS/ContainerInsights", "RunningTaskCount"))),
        widget(
            "Load balancer requests and 5XX",
            list(
                loadBalancer("RequestCount"),
                loadBalancer("HTTPCode_ELB_5XX_Count"),
                loadBalancer("HTTPCode_Target_5XX_Count"))));
  }

  /** Three widgets a row below a one-line header naming the pipeline. */
  private static List<Object> layOut(String who, List<Map<String, Object>> widgets) {
    List<Object> placed = new ArrayList<>();
    for (int i = 0; i < widgets.size(); i++) {
      Map<String, Object> widget = new TreeMap<>(widgets.get(i));
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
    return placed;
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

  private static List<Object> converter(String metric, String stat) {
    return metric("AWS/Lambda", metric, stat, "FunctionName", CONVERTER_FUNCTION_NAME.sub());
  }

  private static List<Object> database(String metric, String stat) {
    return metric("AWS/RDS", metric, stat, "DBInstanceIdentifier", DATABASE_INSTANCE_ID.sub());
  }

  private static List<Object> table(String metric) {
    return metric("AWS/DynamoDB", metric, "Sum", "TableName", TABLE_NAME.sub());
  }

  private static List<Object> loadBalancer(String metric) {
    return metric(
        "AWS/ApplicationELB",
        metric,
        "Sum",
        "LoadBalancer",
        "${LoadBalancer.LoadBalancerFullName}");
  }

  /** A metric of the Grafana service, which CloudWatch knows by cluster and service name. */
  private static List<Object> grafanaService(String namespace, String metric) {
    return list(
        namespace,
        metric,
        "ClusterName",
        "${Cluster}",
        "ServiceName",
        "${Service.Name}",
        obj("stat", "Average"));
  }

  private static List<Object> metric(
      String namespace, String name, String stat, String dimension, String value) {
    return list(namespace, name, dimension, value, obj("stat", stat));
  }
}
