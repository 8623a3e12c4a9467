package io.datapipeline.operator.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Many CloudWatch metric series in one call: the seam through which {@link SdkDataPathReader} reads
 * metrics ({@link CloudWatchMetricSource} in production).
 */
public interface MetricSource {

  /** At most this many queries per {@link #read} (GetMetricData's limit). */
  int MAX_QUERIES = 500;

  /** One series: a metric of one dimension value, aggregated by {@code stat} per period. */
  record Query(
      String id, String namespace, String metric, String dimension, String value, String stat) {}

  /** The data points of one series. */
  record Series(List<Instant> timestamps, List<Double> values) {}

  /**
   * The series of every query between {@code start} and {@code end}, by query id (a series without
   * data points may be absent), in periods of {@code periodSeconds}.
   */
  Map<String, Series> read(List<Query> queries, Instant start, Instant end, int periodSeconds);
}
