package io.datapipeline.sandbox;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.threads.DaemonThreads;
import io.datapipeline.standins.Pacing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What AWS does by itself and moto does not, run once a second: the RDS stand-in, the S3-to-Lambda
 * notification, and the EventBridge events of every region a pipeline uses ({@link SandboxEvents}).
 * One thread, so the converter sees one object at a time.
 */
final class PipelineServices implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineServices.class);
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final Runnable housekeeping;
  private final Pipelines pipelines;
  private final RdsStandIn databases;
  private final UploadWatcher uploads;
  private final SandboxEvents events;
  private final String defaultRegion;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-pipeline-services"));
  private String lastError;

  PipelineServices(
      Pipelines pipelines,
      RdsStandIn databases,
      UploadWatcher uploads,
      SandboxEvents events,
      String defaultRegion,
      Runnable housekeeping) {
    this.housekeeping = housekeeping;
    this.events = events;
    this.defaultRegion = defaultRegion;
    this.pipelines = pipelines;
    this.databases = databases;
    this.uploads = uploads;
  }

  PipelineServices start() {
    scheduler.execute(this::tickAndReschedule);
    return this;
  }

  /**
   * A tick, then the next after twice its time, at least {@link #INTERVAL} ({@link Pacing}): a tick
   * reads every Ready pipeline's bucket, and with a thousand pipelines a tick a second made those
   * reads half of moto's requests.
   */
  private void tickAndReschedule() {
    long started = System.nanoTime();
    tick();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    try {
      scheduler.schedule(
          this::tickAndReschedule,
          Pacing.nextRoundInMillis(INTERVAL, tookMillis),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: no next tick
    }
  }

  void tick() {
    try {
      List<DataPipeline> all = pipelines.list();
      events.watch(all.stream().map(p -> Pipelines.region(p, defaultRegion)).toList());
      databases.sync(all);
      uploads.poll(all);
      housekeeping.run();
      lastError = null;
    } catch (RuntimeException e) {
      // Keep going (moto or the API may be briefly busy), but say so once per distinct error.
      String error = e.toString();
      if (!error.equals(lastError)) {
        LOG.warn("sandbox services: {}", error);
        lastError = error;
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
