package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.obj;

import java.util.List;
import java.util.Map;

/** CloudWatch alarm properties. */
final class Alarms {

  static final int PERIOD_SECONDS = 300;

  private Alarms() {}

  /** Fires when {@code statistic} of the metric is above zero in a five-minute period. */
  static Map<String, Object> aboveZero(
      String description,
      String namespace,
      String metric,
      List<Object> dimensions,
      String statistic) {
    return threshold(
        description, namespace, metric, dimensions, statistic, "GreaterThanThreshold", 0);
  }

  static Map<String, Object> threshold(
      String description,
      String namespace,
      String metric,
      List<Object> dimensions,
      String statistic,
      String comparison,
      Number threshold) {
    return obj(
        "AlarmDescription", description,
        "Namespace", namespace,
        "MetricName", metric,
        "Dimensions", dimensions,
        "Statistic", statistic,
        "Period", PERIOD_SECONDS,
        "EvaluationPeriods", 1,
        "Threshold", threshold,
        "ComparisonOperator", comparison,
        "TreatMissingData", "notBreaching");
  }
}
