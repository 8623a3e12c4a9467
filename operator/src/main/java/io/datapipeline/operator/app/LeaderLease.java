package io.datapipeline.operator.app;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's part in leader election: its identity, the framework's configuration from the
 * lease settings, and handing the lease back when the operator stops gracefully.
 *
 * <p>JOSDK 5.2 builds fabric8's elector with {@code releaseOnCancel=false}: a leader that stops
 * keeps the lease until it expires, so every rolling update would leave the pipelines unreconciled
 * for a whole lease duration. {@link #release} does what releaseOnCancel would, once reconciling
 * has stopped (never earlier: the next leader must not overlap an in-flight reconcile).
 */
record LeaderLease(String name, String namespace, String identity, AtomicBoolean held) {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);

  /**
   * The lease {@code name} in {@code LEADER_ELECTION_NAMESPACE}, else the client's namespace (the
   * pod's). The identity is the host name (the pod's name) plus a random suffix, as
   * controller-runtime makes it: two processes on one host, or a container restarted in the same
   * pod while its predecessor's lease still runs, never both take themselves for the holder.
   */
  static LeaderLease of(String name, OperatorConfig config, KubernetesClient client) {
    String namespace = config.leaderElectionNamespace();
    if (namespace == null || namespace.isBlank()) {
      namespace = client.getConfiguration().getNamespace();
    }
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException(
          "LEADER_ELECTION_NAMESPACE is unset and the Kubernetes client names no namespace: set"
              + " it, or LEADER_ELECTION=false for a single replica");
    }
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = "datapipeline-operator";
    }
    return new LeaderLease(name, namespace, host + "_" + UUID.randomUUID(), new AtomicBoolean());
  }

  /** True from acquiring the lease until losing or releasing it. */
  boolean leading() {
    return held.get();
  }

  /**
   * The framework's configuration. {@code onLost} runs when this replica loses the lease while it
   * still runs (renewals failed for the renew deadline): another replica may reconcile from then
   * on. It does not run when the operator itself stops.
   */
  LeaderElectionConfiguration configuration(
      OperatorConfig config, BooleanSupplier stopping, Runnable onLost) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(name)
        .withLeaseNamespace(namespace)
        .withIdentity(identity)
        .withLeaseDuration(config.leaseDuration())
        .withRenewDeadline(config.renewDeadline())
        .withRetryPeriod(config.retryPeriod())
        // Our onLost decides; JOSDK's own exit would also fire on our graceful stop, where
        // System.exit from the shutdown hook's thread blocks forever.
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> {
                  held.set(true);
                  LOG.info("leading as {} (lease {}/{})", identity, namespace, name);
                },
                () -> {
                  // On our own stop the lease record still names us until release() runs.
                  if (!stopping.getAsBoolean() && held.getAndSet(false)) {
                    LOG.error(
                        "lost the lease {}/{} (not renewed within {}): another replica may"
                            + " reconcile now, this one stops",
                        namespace,
                        name,
                        config.renewDeadline());
                    onLost.run();
                  }
                },
                leader -> LOG.info("the lease {}/{} is held by {}", namespace, name, leader)))
        .build();
  }

  /**
   * Hands the lease back if this replica still holds it, so a standby acquires it at its next
   * attempt (within the retry period) rather than after the lease duration. A conflict means
   * another replica has written the lease since: then it is not ours to release.
   */
  void release(KubernetesClient client) {
    if (!held.getAndSet(false)) {
      return;
    }
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      if (lease == null
          || lease.getSpec() == null
          || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      client.resource(lease).update(); // PUT with the resourceVersion read: optimistic
      LOG.info("released the lease {}/{}", namespace, name);
    } catch (KubernetesClientException e) {
      // The lease then expires by itself after LEADER_ELECTION_LEASE_DURATION.
      LOG.warn("could not release the lease {}/{}: {}", namespace, name, e.getMessage());
    }
  }
}
