package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.aws.MetricSource;
import io.datapipeline.operator.aws.SdkDataPathReader;
import io.datapipeline.operator.aws.SqsReader;
import io.datapipeline.operator.ports.DataPathReader.Probe;
import io.datapipeline.operator.ports.DataPathReader.Reading;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.datapipeline.testsupport.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The data-path reader with moto's SQS: the depth of a failure queue that holds messages from
 * GetQueueAttributes, read again only after the queue interval (an empty queue, without an age
 * series, costs no call after it was found); many pipelines' metrics in one read. The metrics come
 * from a stand-in {@link MetricSource}: SDK 2.57.8 speaks CloudWatch's Smithy RPC v2 CBOR protocol
 * ({@code POST /service/GraniteServiceVersion20100801/operation/GetMetricData}), which moto 5.2.1
 * does not route (HTTP 404), so moto cannot stand in for CloudWatch here.
 */
@ExtendWith(MotoExtension.class)
class DataPathReaderIT {

  private static final String ACCOUNT = "123456789012";

  /** Programmed series; records the queries of each read. */
  static final class MetricSourceStandIn implements MetricSource {
    final Map<String, List<Map.Entry<Instant, Double>>> points = new HashMap<>();
    final List<List<Query>> reads = new ArrayList<>();

    void put(String metric, String value, Instant at, double v) {
      points.computeIfAbsent(metric + "|" + value, k -> new ArrayList<>()).add(Map.entry(at, v));
    }

    @Override
    public Map<String, Series> read(
        List<Query> queries, Instant start, Instant end, int periodSeconds) {
      assertThat(queries).hasSizeLessThanOrEqualTo(MAX_QUERIES);
      reads.add(List.copyOf(queries));
      Map<String, Series> out = new HashMap<>();
      for (Query q : queries) {
        List<Instant> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (var p : points.getOrDefault(q.metric() + "|" + q.value(), List.of())) {
          if (!p.getKey().isBefore(start) && p.getKey().isBefore(end)) {
            times.add(p.getKey());
            values.add(p.getValue());
          }
        }
        if (!times.isEmpty()) {
          out.put(q.id(), new Series(times, values));
        }
      }
      return out;
    }
  }

  @Test
  void readsManyPipelinesInOneMetricReadAndEachQueueAtItsLongInterval(MotoAws aws) {
    AwsCallRecorder calls = new AwsCallRecorder();
    SqsClient sqs =
        aws.configure(SqsClient.builder())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder().addExecutionInterceptor(calls).build())
            .build();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    // Three pipelines: "a" had 2 + 1 failed files in the last hour (4 more before it) and 2
    // failures queued, the oldest 40 minutes old; "b" converted files without failures; "c"
    // converted nothing in the hour.
    List<Probe> probes = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      String url = sqs.createQueue(q -> q.queueName("dp-team-" + name + "-failures")).queueUrl();
      if (name.equals("a")) {
        sqs.sendMessage(m -> m.queueUrl(url).messageBody("{\"one\": 1}"));
        sqs.sendMessage(m -> m.queueUrl(url).messageBody("{\"two\": 2}"));
      }
      probes.add(
          new Probe(
              "team/" + name,
              "arn:aws:sqs:eu-west-1:" + ACCOUNT + ":dp-team-" + name + "-failures"));
    }
    MetricSourceStandIn metrics = new MetricSourceStandIn();
    metrics.put("FilesFailed", "team/a", now.minus(Duration.ofMinutes(20)), 2);
    metrics.put("FilesFailed", "team/a", now.minus(Duration.ofMinutes(3)), 1);
    metrics.put("FilesFailed", "team/a", now.minus(Duration.ofMinutes(90)), 4);
    metrics.put("FilesFailed", "team/b", now.minus(Duration.ofMinutes(10)), 0);
    metrics.put(
        "ApproximateAgeOfOldestMessage",
        "dp-team-a-failures",
        now.minus(Duration.ofMinutes(7)),
        2000);
    metrics.put(
        "ApproximateAgeOfOldestMessage",
        "dp-team-a-failures",
        now.minus(Duration.ofMinutes(2)),
        2400);
    calls.clear();

    Instant[] clock = {now};
    SdkDataPathReader reader =
        new SdkDataPathReader(metrics, SqsReader.of(sqs), fixed(clock), Duration.ofMinutes(15));
    Map<Probe, Reading> readings = reader.read(probes);

    assertThat(readings.get(probes.get(0))).isEqualTo(new Reading(3, 2, Duration.ofMinutes(40)));
    assertThat(readings.get(probes.get(1))).isEqualTo(new Reading(0, 0, null));
    assertThat(readings.get(probes.get(2))).isEqualTo(new Reading(0, 0, null));
    assertThat(metrics.reads).as("one read for all pipelines").hasSize(1);
    assertThat(metrics.reads.get(0))
        .extracting(MetricSource.Query::id, MetricSource.Query::value)
        .contains(Tuple.tuple("failed0", "team/a"), Tuple.tuple("age0", "dp-team-a-failures"));
    assertThat(operations(calls, "GetQueueUrl")).as("every queue found once").isEqualTo(3);
    assertThat(operations(calls, "GetQueueAttributes"))
        .as("only the queue whose metrics say it holds messages is read")
        .isEqualTo(1);

    // Five minutes later: the metrics again, the queues not (their interval is 15 minutes).
    calls.clear();
    clock[0] = now.plus(Duration.ofMinutes(5));
    reader.read(probes);
    assertThat(metrics.reads).hasSize(2);
    assertThat(operations(calls, "GetQueueAttributes")).isZero();
    assertThat(operations(calls, "GetQueueUrl")).as("queue URLs are kept").isZero();

    clock[0] = now.plus(Duration.ofMinutes(16));
    Map<Probe, Reading> later = reader.read(probes);
    assertThat(operations(calls, "GetQueueAttributes")).isEqualTo(1);
    assertThat(later.get(probes.get(0)).failuresWaiting()).isEqualTo(2);
  }

  @Test
  void sixHundredPipelinesTakeThreeMetricReads(MotoAws aws) {
    SqsClient sqs = aws.client(SqsClient.builder());
    sqs.createQueue(q -> q.queueName("shared-failures"));
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      probes.add(new Probe("team/p" + i, "arn:aws:sqs:eu-west-1:" + ACCOUNT + ":shared-failures"));
    }
    MetricSourceStandIn metrics = new MetricSourceStandIn();
    Instant[] clock = {Instant.now()};

    Map<Probe, Reading> readings =
        new SdkDataPathReader(metrics, SqsReader.of(sqs), fixed(clock), Duration.ofMinutes(15))
            .read(probes);

    assertThat(readings).hasSize(600);
    assertThat(metrics.reads).extracting(List::size).containsExactly(500, 500, 200);
  }

  @Test
  void aQueueThatIsGoneLeavesItsPipelineUnreadAndTheOthersRead(MotoAws aws) {
    SqsClient sqs = aws.client(SqsClient.builder());
    sqs.createQueue(q -> q.queueName("there-failures"));
    Probe there = new Probe("team/there", "arn:aws:sqs:eu-west-1:" + ACCOUNT + ":there-failures");
    Probe gone = new Probe("team/gone", "arn:aws:sqs:eu-west-1:" + ACCOUNT + ":gone-failures");
    Instant[] clock = {Instant.now()};

    Map<Probe, Reading> readings =
        new SdkDataPathReader(
                new MetricSourceStandIn(), SqsReader.of(sqs), fixed(clock), Duration.ofMinutes(15))
            .read(List.of(there, gone));

    assertThat(readings).containsOnlyKeys(there);
  }

  private static long operations(AwsCallRecorder calls, String operation) {
    return calls.calls().stream().filter(c -> c.operation().equals(operation)).count();
  }

  private static Clock fixed(Instant[] now) {
    return new TestClock(() -> now[0]);
  }
}
