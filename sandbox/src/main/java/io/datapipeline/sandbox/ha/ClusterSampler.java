package io.datapipeline.sandbox.ha;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the drill watches, sampled every {@value #INTERVAL_MS} ms from the Kubernetes API: the
 * lease's holder and every pipeline's status. The samples are the evidence: when the holder
 * changed, when a status was next written, whether a status ever went back.
 */
final class ClusterSampler implements AutoCloseable {

  static final long INTERVAL_MS = 100;

  /** A pipeline's status as read. */
  record PipelineState(String status, String ready, long observedGeneration, int stacks) {}

  /** One reading. {@code acquired} is the lease's acquireTime (the new holder's clock). */
  record Sample(
      Instant at, String holder, Instant acquired, Map<String, PipelineState> pipelines) {}

  private final Resource<Lease> lease;
  private final FilterWatchListDeletable<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      pipelines;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread = new Thread(this::loop, "cluster-sampler");
  private volatile boolean running = true;

  /** Samples {@code lease} and the DataPipelines {@code pipelines} lists. */
  ClusterSampler(
      Resource<Lease> lease,
      FilterWatchListDeletable<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          pipelines) {
    this.lease = lease;
    this.pipelines = pipelines;
    thread.setDaemon(true);
    thread.start();
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  synchronized Optional<Sample> latest() {
    return samples.isEmpty() ? Optional.empty() : Optional.of(samples.get(samples.size() - 1));
  }

  /** When {@code identity} acquired the lease (its acquireTime), waiting up to {@code timeout}. */
  Instant awaitHolder(String identity, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<Sample> last = latest();
      if (last.isPresent() && identity.equals(last.get().holder())) {
        return last.get().acquired() != null ? last.get().acquired() : last.get().at();
      }
      Thread.sleep(INTERVAL_MS / 2);
    }
    throw new IllegalStateException(
        identity + " did not acquire the lease within " + timeout + "; holder " + holder());
  }

  String holder() {
    return latest().map(Sample::holder).orElse(null);
  }

  /** Waits until {@code expected} pipelines are all Ready=True. */
  void awaitAllReady(int expected, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<Sample> last = latest();
      if (last.isPresent() && readyCount(last.get()) >= expected) {
        return;
      }
      Thread.sleep(INTERVAL_MS);
    }
    throw new IllegalStateException(
        "not all " + expected + " pipelines Ready within " + timeout + ": " + latest());
  }

  /** The first sample after {@code after} in which some pipeline's status differs from before. */
  Optional<Instant> firstStatusWriteAfter(Instant after) {
    List<Sample> all = samples();
    Map<String, PipelineState> before = Map.of();
    for (Sample sample : all) {
      if (!sample.at().isAfter(after)) {
        before = sample.pipelines();
        continue;
      }
      for (Map.Entry<String, PipelineState> e : sample.pipelines().entrySet()) {
        PipelineState was = before.get(e.getKey());
        if (was == null || !Objects.equals(was.status(), e.getValue().status())) {
          return Optional.of(sample.at());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Every time a status went back: Ready from True to anything else, observedGeneration down, fewer
   * stacks recorded, or the status gone.
   */
  List<String> regressions() {
    List<String> found = new ArrayList<>();
    Map<String, PipelineState> seen = new LinkedHashMap<>();
    for (Sample sample : samples()) {
      for (Map.Entry<String, PipelineState> e : sample.pipelines().entrySet()) {
        PipelineState was = seen.get(e.getKey());
        PipelineState now = e.getValue();
        if (was != null) {
          String where = e.getKey() + " at " + sample.at() + ": ";
          if ("True".equals(was.ready()) && !"True".equals(now.ready())) {
            found.add(where + "Ready " + was.ready() + " -> " + now.ready());
          }
          if (now.observedGeneration() < was.observedGeneration()) {
            found.add(where + "observedGeneration went down");
          }
          if (now.stacks() < was.stacks()) {
            found.add(where + "stacks " + was.stacks() + " -> " + now.stacks());
          }
          if (was.status() != null && now.status() == null) {
            found.add(where + "status gone");
          }
        }
        seen.put(e.getKey(), now);
      }
    }
    return found;
  }

  private static int readyCount(Sample sample) {
    return (int) sample.pipelines().values().stream().filter(p -> "True".equals(p.ready())).count();
  }

  private void loop() {
    while (running) {
      try {
        Sample sample = read();
        synchronized (this) {
          samples.add(sample);
        }
      } catch (KubernetesClientException e) {
        // the API is briefly busy under load: the next reading counts
      }
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Sample read() {
    Instant at = Instant.now();
    LeaseSpec spec = Optional.ofNullable(lease.get()).map(Lease::getSpec).orElse(new LeaseSpec());
    Map<String, PipelineState> states = new LinkedHashMap<>();
    for (GenericKubernetesResource dp : pipelines.list().getItems()) {
      states.put(dp.getMetadata().getName(), state(dp.getAdditionalProperties().get("status")));
    }
    Instant acquired = spec.getAcquireTime() == null ? null : spec.getAcquireTime().toInstant();
    return new Sample(at, spec.getHolderIdentity(), acquired, states);
  }

  @SuppressWarnings("unchecked")
  private static PipelineState state(Object status) {
    if (!(status instanceof Map<?, ?> map)) {
      return new PipelineState(null, null, 0, 0);
    }
    String ready = null;
    if (map.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        if (c instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
          ready = String.valueOf(condition.get("status"));
        }
      }
    }
    long generation = map.get("observedGeneration") instanceof Number n ? n.longValue() : 0L;
    int stacks = map.get("stacks") instanceof List<?> list ? list.size() : 0;
    return new PipelineState(
        Serialization.asJson((Map<String, Object>) map), ready, generation, stacks);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
