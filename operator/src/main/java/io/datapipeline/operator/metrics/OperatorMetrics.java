package io.datapipeline.operator.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics (names in contracts.md), kept as plain counters and gauges and
 * rendered in the text exposition format: the handful of series needs no metrics library.
 */
public final class OperatorMetrics {

  private final Map<String, LongAdder> reconciliations = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> cloudFormationCalls = new ConcurrentHashMap<>();
  private final LongAdder throttles = new LongAdder();
  private final Map<String, LongAdder> awsRequests = new ConcurrentHashMap<>();
  private final LongAdder awsThrottles = new LongAdder();
  private final LongAdder budgetWaitNanos = new LongAdder();
  private final LongAdder budgetWaits = new LongAdder();
  private final Map<String, Map<String, Long>> pipelineConditions = new ConcurrentHashMap<>();
  private volatile Supplier<Map<String, Long>> stacksByStatus = Map::of;

  public void reconciliation(String result) {
    reconciliations.computeIfAbsent(result, k -> new LongAdder()).increment();
  }

  public void cloudFormationCall(String operation) {
    cloudFormationCalls.computeIfAbsent(operation, k -> new LongAdder()).increment();
  }

  /**
   * One HTTP request to AWS (an attempt: SDK retries count), by service and operation.
   * CloudFormation's also count in the older per-operation CloudFormation series.
   */
  public void awsRequest(String service, String operation) {
    awsRequests.computeIfAbsent(service + "|" + operation, k -> new LongAdder()).increment();
    if ("CloudFormation".equals(service)) {
      cloudFormationCall(operation);
    }
  }

  /** One attempt AWS throttled (any service). */
  public void awsThrottle() {
    awsThrottles.increment();
  }

  /** A call waited {@code waited} for its account/region's call budget (zero: it did not). */
  public void budgetWaited(Duration waited) {
    if (!waited.isZero()) {
      budgetWaits.increment();
      budgetWaitNanos.add(waited.toNanos());
    }
  }

  /** AWS HTTP requests of {@code service} and {@code operation} so far. */
  public long awsRequests(String service, String operation) {
    LongAdder adder = awsRequests.get(service + "|" + operation);
    return adder == null ? 0 : adder.sum();
  }

  /** Every AWS HTTP request so far. */
  public long awsRequests() {
    return awsRequests.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long awsThrottles() {
    return awsThrottles.sum();
  }

  /** Total time calls spent waiting for budget. */
  public Duration budgetWait() {
    return Duration.ofNanos(budgetWaitNanos.sum());
  }

  /** CloudFormation calls that failed throttled after the SDK's retries. */
  public void throttled() {
    throttles.increment();
  }

  /** Records the condition statuses of one pipeline (key: namespace/name). */
  public void pipeline(String key, Map<String, String> conditionStatuses) {
    Map<String, Long> one = new TreeMap<>();
    conditionStatuses.forEach((type, status) -> one.put(type + "|" + status, 1L));
    pipelineConditions.put(key, one);
  }

  public void forgetPipeline(String key) {
    pipelineConditions.remove(key);
  }

  public void stacksByStatus(Supplier<Map<String, Long>> supplier) {
    this.stacksByStatus = supplier;
  }

  public long cloudFormationCalls() {
    return cloudFormationCalls.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long cloudFormationCalls(String operation) {
    LongAdder adder = cloudFormationCalls.get(operation);
    return adder == null ? 0 : adder.sum();
  }

  /** The metrics in Prometheus' text exposition format, series sorted by their labels. */
  public String scrape() {
    Exposition out = new Exposition();
    out.counter("datapipeline_reconciliations_total", "result", reconciliations);
    out.type("datapipeline_pipelines", "gauge");
    Map<String, Long> byCondition = new TreeMap<>();
    pipelineConditions
        .values()
        .forEach(m -> m.forEach((k, v) -> byCondition.merge(k, v, Long::sum)));
    byCondition.forEach(
        (key, n) -> out.sample("datapipeline_pipelines", "condition", "status", key, n));
    out.type("datapipeline_stacks", "gauge");
    new TreeMap<>(stacksByStatus.get())
        .forEach((status, n) -> out.sample("datapipeline_stacks", "status", status, n));
    out.counter("datapipeline_cloudformation_calls_total", "operation", cloudFormationCalls);
    out.counter("datapipeline_cloudformation_throttles_total", throttles.sum());
    out.type("datapipeline_aws_requests_total", "counter");
    new TreeMap<>(awsRequests)
        .forEach(
            (key, n) ->
                out.sample(
                    "datapipeline_aws_requests_total", "service", "operation", key, n.sum()));
    out.counter("datapipeline_aws_throttles_total", awsThrottles.sum());
    out.counter("datapipeline_aws_budget_wait_seconds_total", budgetWaitNanos.sum() / 1e9);
    out.counter("datapipeline_aws_budget_waits_total", budgetWaits.sum());
    return out.toString();
  }

  /** Writes Prometheus' text exposition format: a TYPE line per metric, a line per series. */
  private static final class Exposition {
    private final StringBuilder out = new StringBuilder();

    void type(String metric, String type) {
      out.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
    }

    /** A counter of a single series. */
    void counter(String metric, Object value) {
      type(metric, "counter");
      sample(metric, value);
    }

    /** A counter with a series per {@code label} value, in label order. */
    void counter(String metric, String label, Map<String, LongAdder> series) {
      type(metric, "counter");
      new TreeMap<>(series).forEach((value, n) -> sample(metric, label, value, n.sum()));
    }

    void sample(String metric, Object value) {
      out.append(metric).append(' ').append(value).append('\n');
    }

    void sample(String metric, String label, String labelValue, Object value) {
      out.append(metric)
          .append('{')
          .append(label)
          .append("=\"")
          .append(labelValue)
          .append("\"} ")
          .append(value)
          .append('\n');
    }

    /** A series of two labels whose values are kept joined as {@code first|second}. */
    void sample(String metric, String first, String second, String joinedValues, Object value) {
      String[] parts = joinedValues.split("\\|", 2);
      out.append(metric)
          .append('{')
          .append(first)
          .append("=\"")
          .append(parts[0])
          .append("\",")
          .append(second)
          .append("=\"")
          .append(parts[1])
          .append("\"} ")
          .append(value)
          .append('\n');
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
