package io.datapipeline.operator.aws;

import io.datapipeline.operator.aws.MetricSource.Query;
import io.datapipeline.operator.aws.MetricSource.Series;
import io.datapipeline.operator.ports.DataPathReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The data paths of many pipelines from CloudWatch and SQS: one GetMetricData per {@value
 * #PROBES_PER_CALL} pipelines (the converter's {@code FilesFailed} summed over the last hour and
 * SQS's {@code ApproximateAgeOfOldestMessage} of the failure queue), and GetQueueAttributes only
 * for a failure queue that holds messages, no more often than {@code queueInterval} (the depth is
 * exact there).
 */
public final class SdkDataPathReader implements DataPathReader {

  private static final Logger LOG = LoggerFactory.getLogger(SdkDataPathReader.class);

  /** The converter's metrics (docs/contracts.md "Converter metrics"). */
  static final String CONVERTER_NAMESPACE = "DataPipeline/Converter";

  /** Each pipeline needs two queries of the source's limit per call. */
  static final int PROBES_PER_CALL = MetricSource.MAX_QUERIES / 2;

  private static final Duration WINDOW = Duration.ofHours(1);
  private static final int PERIOD_SECONDS = 300;

  private final MetricSource metrics;
  private final SqsReader queues;
  private final Clock clock;
  private final Duration queueInterval;
  private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
  private final Map<String, QueueDepth> depths = new ConcurrentHashMap<>();

  private record QueueDepth(long messages, Instant readAt) {}

  public SdkDataPathReader(
      MetricSource metrics, SqsReader queues, Clock clock, Duration queueInterval) {
    this.metrics = metrics;
    this.queues = queues;
    this.clock = clock;
    this.queueInterval = queueInterval;
  }

  @Override
  public Map<Probe, Reading> read(Collection<Probe> probes) {
    List<Probe> all = new ArrayList<>(probes);
    Map<Probe, Reading> readings = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (int from = 0; from < all.size(); from += PROBES_PER_CALL) {
      List<Probe> chunk = all.subList(from, Math.min(all.size(), from + PROBES_PER_CALL));
      Map<String, Series> results = metrics(chunk, now);
      for (int i = 0; i < chunk.size(); i++) {
        Probe probe = chunk.get(i);
        Duration age = latestAge(results.get("age" + i));
        Long waiting = depth(probe, now, age != null);
        if (waiting == null) {
          continue; // the queue could not be read: no reading rather than a wrong one
        }
        readings.put(probe, new Reading(sum(results.get("failed" + i)), waiting, age));
      }
    }
    return readings;
  }

  /**
   * Both metrics of every probe of the chunk in one read; ids {@code failed<i>}, {@code age<i>}.
   */
  private Map<String, Series> metrics(List<Probe> chunk, Instant now) {
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      Probe probe = chunk.get(i);
      queries.add(
          new Query(
              "failed" + i,
              CONVERTER_NAMESPACE,
              "FilesFailed",
              "Pipeline",
              probe.pipeline(),
              "Sum"));
      queries.add(
          new Query(
              "age" + i,
              "AWS/SQS",
              "ApproximateAgeOfOldestMessage",
              "QueueName",
              probe.queueName(),
              "Maximum"));
    }
    return metrics.read(queries, now.minus(WINDOW), now, PERIOD_SECONDS);
  }

  private static long sum(Series result) {
    if (result == null) {
      return 0; // no data point: the converter converted no file in the window
    }
    return Math.round(result.values().stream().mapToDouble(Double::doubleValue).sum());
  }

  private static Duration latestAge(Series result) {
    if (result == null || result.values().isEmpty()) {
      return null;
    }
    int latest = 0;
    for (int i = 1; i < result.timestamps().size(); i++) {
      if (result.timestamps().get(i).isAfter(result.timestamps().get(latest))) {
        latest = i;
      }
    }
    return Duration.ofSeconds(Math.round(result.values().get(latest)));
  }

  /**
   * The queue's depth; null when the queue cannot be found. Only a queue that holds messages is
   * read (GetQueueAttributes, again once {@code queueInterval} has passed): SQS reports {@code
   * ApproximateAgeOfOldestMessage} while a queue holds at least one message (AWS's SQS metrics
   * reference), so a queue without that series is empty, and a thousand healthy pipelines cost no
   * SQS call after the first read found their queues (the URLs are kept).
   */
  private Long depth(Probe probe, Instant now, boolean holdsMessages) {
    QueueDepth cached = depths.get(probe.failureQueueArn());
    String url;
    try {
      url =
          queueUrls.computeIfAbsent(
              probe.failureQueueArn(),
              arn -> {
                String[] parts = arn.split(":", 6); // arn:aws:sqs:<region>:<account>:<name>
                return queues
                    .sqs()
                    .getQueueUrl(
                        b -> queues.as().on(b).queueName(parts[5]).queueOwnerAWSAccountId(parts[4]))
                    .queueUrl();
              });
    } catch (SdkException | ArrayIndexOutOfBoundsException e) {
      LOG.warn("finding failure queue {} failed: {}", probe.failureQueueArn(), e.toString());
      return cached == null ? null : cached.messages();
    }
    if (!holdsMessages) {
      depths.remove(probe.failureQueueArn());
      return 0L;
    }
    if (cached != null && cached.readAt().plus(queueInterval).isAfter(now)) {
      return cached.messages();
    }
    try {
      Map<QueueAttributeName, String> attributes =
          queues
              .sqs()
              .getQueueAttributes(
                  b ->
                      queues
                          .as()
                          .on(b)
                          .queueUrl(url)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      long messages =
          Long.parseLong(
                  attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
              + Long.parseLong(
                  attributes.getOrDefault(
                      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
      depths.put(probe.failureQueueArn(), new QueueDepth(messages, now));
      return messages;
    } catch (SdkException e) {
      queueUrls.remove(probe.failureQueueArn());
      LOG.warn("reading failure queue {} failed: {}", probe.failureQueueArn(), e.toString());
      return cached == null ? null : cached.messages();
    }
  }
}
