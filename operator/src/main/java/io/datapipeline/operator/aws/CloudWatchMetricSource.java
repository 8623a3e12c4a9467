package io.datapipeline.operator.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/** {@link MetricSource} through CloudWatch GetMetricData (paginated: one logical call). */
public record CloudWatchMetricSource(CloudWatchClient cloudWatch, SessionCredentials as)
    implements MetricSource {

  @Override
  public Map<String, Series> read(
      List<Query> queries, Instant start, Instant end, int periodSeconds) {
    if (queries.size() > MAX_QUERIES) {
      throw new IllegalArgumentException(
          queries.size() + " queries: GetMetricData takes at most " + MAX_QUERIES);
    }
    List<MetricDataQuery> request = queries.stream().map(q -> query(q, periodSeconds)).toList();
    Map<String, Series> series = new HashMap<>();
    String token = null;
    try {
      do {
        String next = token;
        GetMetricDataResponse response =
            cloudWatch.getMetricData(
                b ->
                    as.on(b)
                        .metricDataQueries(request)
                        .startTime(start)
                        .endTime(end)
                        .nextToken(next));
        for (MetricDataResult r : response.metricDataResults()) {
          series.merge(
              r.id(), new Series(r.timestamps(), r.values()), CloudWatchMetricSource::concat);
        }
        token = response.nextToken();
      } while (token != null);
    } catch (SdkException e) {
      throw AwsErrors.classify("GetMetricData", e);
    }
    return series;
  }

  private static MetricDataQuery query(Query q, int periodSeconds) {
    return MetricDataQuery.builder()
        .id(q.id())
        .returnData(true)
        .metricStat(
            s ->
                s.metric(
                        m ->
                            m.namespace(q.namespace())
                                .metricName(q.metric())
                                .dimensions(
                                    Dimension.builder()
                                        .name(q.dimension())
                                        .value(q.value())
                                        .build()))
                    .period(periodSeconds)
                    .stat(q.stat()))
        .build();
  }

  private static Series concat(Series a, Series b) {
    List<Instant> timestamps = new ArrayList<>(a.timestamps());
    timestamps.addAll(b.timestamps());
    List<Double> values = new ArrayList<>(a.values());
    values.addAll(b.values());
    return new Series(timestamps, values);
  }
}
