package io.datapipeline.operator.controller;

import io.datapipeline.api.v1alpha1.DashboardStatus;
import io.datapipeline.operator.deploy.Phase;
import io.datapipeline.operator.deploy.StackOutcome;
import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.ports.AwsSession;
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
 * Reads Grafana's tasks and scaling activity for status.dashboard, at most once per interval per
 * pipeline (DASHBOARD_INTERVAL; reconciles in between reuse the last reading), and at once after
 * its dashboard stack changed (a deploy changes the task count or the scaling bounds).
 */
public final class DashboardObserver {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardObserver.class);

  private final Clock clock;
  private final Duration interval;
  private final Map<String, LastRead> lastRead = new ConcurrentHashMap<>();

  /** When a pipeline's dashboard was read, and which deployment of its stack it read. */
  private record LastRead(Instant at, String stackVersion) {}

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
    if (previous != null
        && last != null
        && last.stackVersion().equals(stackVersion)
        && last.at().plus(interval).isAfter(now)) {
      return previous;
    }
    lastRead.put(uid, new LastRead(now, stackVersion));
    try {
      return aws.dashboard().read(cluster, service);
    } catch (AwsCallException e) {
      // The dashboard figures are informative: a failed read keeps the last ones.
      LOG.warn("reading dashboard service {}/{} failed: {}", cluster, service, e.getMessage());
      return previous;
    }
  }

  void forget(String uid) {
    lastRead.remove(uid);
  }
}
