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

  public String scrape() {
    StringBuilder out = new StringBuilder();
    out.append("# TYPE datapipeline_reconciliations_total counter\n");
    new TreeMap<>(reconciliations)
        .forEach(
            (result, n) ->
                out.append("datapipeline_reconciliations_total{result=\"")
                    .append(result)
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n'));
    out.append("# TYPE datapipeline_pipelines gauge\n");
    Map<String, Long> byCondition = new TreeMap<>();
    pipelineConditions
        .values()
        .forEach(m -> m.forEach((k, v) -> byCondition.merge(k, v, Long::sum)));
    byCondition.forEach(
        (key, n) -> {
          String[] parts = key.split("\\|", 2);
          out.append("datapipeline_pipelines{condition=\"")
              .append(parts[0])
              .append("\",status=\"")
              .append(parts[1])
              .append("\"} ")
              .append(n)
              .append('\n');
        });
    out.append("# TYPE datapipeline_stacks gauge\n");
    new TreeMap<>(stacksByStatus.get())
        .forEach(
            (status, n) ->
                out.append("datapipeline_stacks{status=\"")
                    .append(status)
                    .append("\"} ")
                    .append(n)
                    .append('\n'));
    out.append("# TYPE datapipeline_cloudformation_calls_total counter\n");
    new TreeMap<>(cloudFormationCalls)
        .forEach(
            (op, n) ->
                out.append("datapipeline_cloudformation_calls_total{operation=\"")
                    .append(op)
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n'));
    out.append("# TYPE datapipeline_cloudformation_throttles_total counter\n");
    out.append("datapipeline_cloudformation_throttles_total ").append(throttles.sum()).append('\n');
    out.append("# TYPE datapipeline_aws_requests_total counter\n");
    new TreeMap<>(awsRequests)
        .forEach(
            (key, n) -> {
              String[] parts = key.split("\\|", 2);
              out.append("datapipeline_aws_requests_total{service=\"")
                  .append(parts[0])
                  .append("\",operation=\"")
                  .append(parts[1])
                  .append("\"} ")
                  .append(n.sum())
                  .append('\n');
            });
    out.append("# TYPE datapipeline_aws_throttles_total counter\n");
    out.append("datapipeline_aws_throttles_total ").append(awsThrottles.sum()).append('\n');
    out.append("# TYPE datapipeline_aws_budget_wait_seconds_total counter\n");
    out.append("datapipeline_aws_budget_wait_seconds_total ")
        .append(budgetWaitNanos.sum() / 1e9)
        .append('\n');
    out.append("# TYPE datapipeline_aws_budget_waits_total counter\n");
    out.append("datapipeline_aws_budget_waits_total ").append(budgetWaits.sum()).append('\n');
    return out.toString();
  }
}
