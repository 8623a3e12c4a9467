package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fast, in-JVM part of the HA checks: two operator apps with leader election against the
 * sandbox's Kubernetes API (no pipelines, so no AWS). Exactly one leads; closing it hands the lease
 * back, so the other leads within a retry period instead of a lease duration. Killing a replica
 * needs processes: {@link LeaderElectionE2E}.
 */
class LeaderHandoverIT {

  private static final Duration LEASE = Duration.ofSeconds(20);
  private static final Duration RETRY = Duration.ofMillis(500);

  /** Where the replicas keep their lease: a namespace every cluster has. */
  private static final String LEASE_NAMESPACE = "default";

  private KubernetesApi api;
  private OperatorApp first;
  private OperatorApp second;

  @BeforeEach
  void start() {
    api = KubernetesApi.start();
  }

  @AfterEach
  void stop() {
    for (OperatorApp app : new OperatorApp[] {first, second}) {
      if (app != null) {
        app.close();
      }
    }
    api.close();
  }

  @Test
  void oneReplicaLeadsAndAGracefulStopHandsTheLeaseBackAtOnce() {
    first = replica();
    await().atMost(Duration.ofSeconds(30)).until(first::leading);
    second = replica();
    assertThat(second.leaderIdentity()).isNotEqualTo(first.leaderIdentity());
    // Several of the standby's attempts: it keeps standing by while the leader renews.
    sleep(RETRY.multipliedBy(4));
    assertThat(second.leading()).as("a standby while the lease is held").isFalse();
    assertThat(holder()).isEqualTo(first.leaderIdentity());

    Instant stopped = Instant.now();
    first.close();
    await().atMost(LEASE.dividedBy(2)).until(second::leading);

    Duration handover = Duration.between(stopped, Instant.now());
    assertThat(handover)
        .as("the lease was handed back, not left to expire after %s", LEASE)
        .isLessThan(LEASE.dividedBy(2));
    assertThat(holder()).isEqualTo(second.leaderIdentity());
  }

  private String holder() {
    Lease lease =
        api.client().leases().inNamespace(LEASE_NAMESPACE).withName(OperatorApp.LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private OperatorApp replica() {
    OperatorConfig config =
        OperatorConfig.from(Map.of("TENANCY", "Open"))
            .embedded(-1, -1)
            .with(OperatorConfig.LEADER_ELECTION, true)
            .with(OperatorConfig.LEADER_ELECTION_NAMESPACE, LEASE_NAMESPACE)
            .with(OperatorConfig.LEADER_ELECTION_LEASE_DURATION, LEASE)
            .with(OperatorConfig.LEADER_ELECTION_RENEW_DEADLINE, LEASE.dividedBy(2))
            .with(OperatorConfig.LEADER_ELECTION_RETRY_PERIOD, RETRY);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(api.url().toString()).build())
            .build();
    return OperatorApp.start(config, client);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
