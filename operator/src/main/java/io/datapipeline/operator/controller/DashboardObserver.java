package io.datapipeline.operator.controller;

import io.datapipeline.api.v1alpha1.DashboardStatus;
import io.datapipeline.operator.deploy.Phase;
import io.datapipeline.operator.deploy.StackOutcome;
import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.operator.ports.StackObserver;
import io.datapipeline.render.Component;
import io.datapipeline.render.StackOutput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Grafana's tasks and scaling activity for status.dashboard: at once after an ECS event named
 * the dashboard's cluster (its service scaled, a deployment moved, a task started or stopped) or
 * its dashboard stack changed (a deploy changes the task count or the scaling bounds); otherwise at
 * most once per interval per pipeline (DASHBOARD_INTERVAL, long, as the events tell the changes;
 * reconciles in between reuse the last reading). While the account's events queue is unreachable
 * the events cannot tell, so the interval is at most {@link #WITHOUT_EVENTS}.
 */
public final class DashboardObserver {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardObserver.class);

  private final Clock clock;
  private final Duration interval;
  private final Map<String, LastRead> lastRead = new ConcurrentHashMap<>();

  /** The reading interval while no ECS events arrive (the queue unreachable or absent). */
  public static final Duration WITHOUT_EVENTS = Duration.ofMinutes(10);

  /**
   * When a pipeline's dashboard was read, which deployment of its stack it read, and how many ECS
   * events of its cluster had arrived by then.
   */
  private record LastRead(Instant at, String stackVersion, long events) {}

  public DashboardObserver(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  DashboardStatus observe(
      String uid, List<StackOutcome> stacks, DashboardStatus previous, AwsSession aws) {
    StackOutcome dashboard =
        stacks.stream().filter(o -> o.component() == Component.DASHBOARD).findFirst().orElse(null);
    if (dashboard == null || dashboard.phase() != Phase.READY || dashboard.stack() == null) {
      return dashboard == null ? null : previous;
    }
    String cluster = dashboard.stack().outputs().get(StackOutput.ECS_CLUSTER_NAME.key());
    String service = dashboard.stack().outputs().get(StackOutput.ECS_SERVICE_NAME.key());
    if (cluster == null || service == null) {
      return previous;
    }
    Instant now = clock.instant();
    LastRead last = lastRead.get(uid);
    String stackVersion = dashboard.stack().status() + "@" + dashboard.stack().lastUpdated();
    long events = aws.stacks().dashboardChanges(cluster);
    if (previous != null
        && last != null
        && last.stackVersion().equals(stackVersion)
        && last.events() == events
        && last.at().plus(interval(aws.stacks())).isAfter(now)) {
      return previous;
    }
    lastRead.put(uid, new LastRead(now, stackVersion, events));
    try {
      return aws.dashboard().read(cluster, service);
    } catch (AwsCallException e) {
      // The dashboard figures are informative: a failed read keeps the last ones.
      LOG.warn("reading dashboard service {}/{} failed: {}", cluster, service, e.getMessage());
      return previous;
    }
  }

  /** How long a reading stands without an event: long while events arrive, short otherwise. */
  Duration interval(StackObserver observer) {
    return observer.eventsArrive() || interval.compareTo(WITHOUT_EVENTS) < 0
        ? interval
        : WITHOUT_EVENTS;
  }

  void forget(String uid) {
    lastRead.remove(uid);
  }
}
