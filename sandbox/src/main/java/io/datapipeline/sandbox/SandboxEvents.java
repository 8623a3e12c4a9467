package io.datapipeline.sandbox;

import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.standins.events.AwsEventsStandIn;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EventBridge events moto does not publish, for every region the sandbox's pipelines use: one
 * {@link AwsEventsStandIn} per region (stack status changes and the dashboards' ECS service events,
 * sent to the bootstrap stack's queue as AWS's rules would deliver them). Without it the operator
 * finds its stack-events queue healthy but silent, so a stack changed behind its back shows only at
 * the next safety-net sweep (15 minutes and more) and a dashboard's scaling only after {@code
 * DASHBOARD_INTERVAL} (6h). The default region is watched from the start, another region from the
 * moment a pipeline there is first seen; every stand-in stops with the sandbox.
 */
final class SandboxEvents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxEvents.class);

  /** How often each stand-in looks at moto: events reach the queue within about this. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final URI moto;
  private final boolean stacksPublishedByMoto;
  private final Map<String, AwsEventsStandIn> byRegion = new LinkedHashMap<>();
  private boolean closed;

  /**
   * @param stacksPublishedByMoto moto publishes the stacks' events itself (its scale mode, {@code
   *     MotoServer.publishesStackEvents()}): the stand-ins publish only ECS and drift events
   */
  SandboxEvents(URI moto, String defaultRegion, boolean stacksPublishedByMoto) {
    this.moto = moto;
    this.stacksPublishedByMoto = stacksPublishedByMoto;
    watch(Set.of(defaultRegion));
  }

  /** Publishes the events of these regions too, from now on. */
  synchronized void watch(Collection<String> regions) {
    for (String region : regions) {
      if (!closed && !byRegion.containsKey(region)) {
        AwsEventsStandIn standIn =
            new AwsEventsStandIn(moto, region, BootstrapRenderer.STACK_EVENTS_QUEUE, INTERVAL);
        if (stacksPublishedByMoto) {
          standIn.withoutStacks();
        }
        byRegion.put(region, standIn.onScan(new ScanLog(region)).watchEcsFromNow().start());
      }
    }
  }

  /**
   * Logs the scans that published events, and the first that found no change after them: "quiet"
   * means the stand-in has looked at every stack since the last change it published
   * (bench/operator-scale.sh opens its settled window only then).
   */
  private static final class ScanLog implements AwsEventsStandIn.ScanListener {
    private final String region;
    private boolean quiet = true;

    ScanLog(String region) {
      this.region = region;
    }

    @Override
    public void scanned(int stacks, int published, long millis) {
      if (published > 0) {
        quiet = false;
        LOG.info(
            "events stand-in {}: published {} events (a scan of {} stacks in {} ms)",
            region,
            published,
            stacks,
            millis);
      } else if (!quiet) {
        quiet = true;
        LOG.info(
            "events stand-in {}: quiet (a scan of {} stacks in {} ms found no change)",
            region,
            stacks,
            millis);
      }
    }
  }

  /** The regions whose events are published. */
  synchronized Set<String> regions() {
    return Set.copyOf(byRegion.keySet());
  }

  /** Events sent so far, all regions. */
  synchronized int published() {
    return byRegion.values().stream().mapToInt(AwsEventsStandIn::published).sum();
  }

  @Override
  public synchronized void close() {
    closed = true;
    byRegion.values().forEach(AwsEventsStandIn::close);
    byRegion.clear();
  }

  @Override
  public String toString() {
    return "AWS events stand-in " + byRegion.keySet();
  }
}
