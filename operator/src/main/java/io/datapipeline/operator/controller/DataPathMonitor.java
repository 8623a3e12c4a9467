package io.datapipeline.operator.controller;

import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.operator.ports.DataPathReader;
import io.datapipeline.operator.ports.DataPathReader.Probe;
import io.datapipeline.operator.ports.DataPathReader.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the data paths of all pipelines that share an identity and region together, once per {@code
 * interval}: the reconcile that finds the group's reading stale reads every registered pipeline of
 * the group in one batch ({@link DataPathReader}), the others reuse that reading. A pipeline that
 * joins waits for the group's next batch instead of costing calls of its own, so the calls grow
 * with pipelines / 250 per interval, never with pipelines per minute.
 */
public final class DataPathMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(DataPathMonitor.class);

  private final Clock clock;
  private final Duration interval;
  private final Map<String, Group> groups = new ConcurrentHashMap<>();

  /** The pipelines of one identity and region, and the last batch read for them. */
  private static final class Group {
    final Map<String, Probe> probes = new ConcurrentHashMap<>();
    volatile Map<Probe, Reading> readings = Map.of();
    volatile Instant readAt;
  }

  public DataPathMonitor(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  /** Whether DataPathHealthy is observed at all ({@code DATA_PATH_INTERVAL} above zero). */
  public boolean enabled() {
    return !interval.isZero() && !interval.isNegative();
  }

  /**
   * The latest reading of {@code uid}'s data path, reading the whole group first when its reading
   * is older than the interval; empty until a batch included the pipeline or when it could not be
   * read.
   */
  Optional<Reading> observe(AwsTarget target, String uid, Probe probe, DataPathReader reader) {
    Group group = groups.computeIfAbsent(groupKey(target), k -> new Group());
    group.probes.put(uid, probe);
    Instant now = clock.instant();
    synchronized (group) {
      if (group.readAt == null || !group.readAt.plus(interval).isAfter(now)) {
        group.readAt = now; // a failed batch is not retried before the next interval either
        List<Probe> batch = group.probes.values().stream().distinct().toList();
        try {
          group.readings = Map.copyOf(reader.read(batch));
        } catch (AwsCallException e) {
          // Informative, like the dashboard figures: the last readings stand.
          LOG.warn(
              "reading the data paths of {} pipeline(s) in {} failed: {}",
              batch.size(),
              target,
              e.getMessage());
        }
      }
    }
    return Optional.ofNullable(group.readings.get(probe));
  }

  /** The pipeline is gone or has no converter any more: out of later batches. */
  void forget(String uid) {
    groups.values().forEach(g -> g.probes.remove(uid));
  }

  /**
   * One group per identity and region: the operator's own (one account) or an assumed role (its
   * account), whoever the pipeline's session is for.
   */
  private static String groupKey(AwsTarget target) {
    return target.region() + "|" + target.roleArn() + "|" + target.externalId();
  }
}
