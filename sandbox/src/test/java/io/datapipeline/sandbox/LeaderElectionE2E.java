package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.sandbox.ha.LeaderElectionDrill;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's HA goal with real replicas: operator JVMs with leader election against the sandbox
 * (its Kubernetes API serves the lease, moto the stacks), the leader killed with {@code kill -9}
 * mid-deploy and after Ready, then stopped with SIGTERM ({@link LeaderElectionDrill}). The lease
 * timings are short to keep the test quick; {@code bench/operator-ha.sh} runs the same drill with
 * the production defaults.
 *
 * <p>Named {@code *E2E}, not {@code *IT}, so {@code verify} does not run it: four operator JVMs,
 * the sandbox and a full deploy take about 3 minutes on a busy 2-core machine, too long for every
 * build ({@link LeaderHandoverIT} is the fast part that always runs). Run it with {@code ./mvnw -pl
 * sandbox -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=LeaderElectionE2E}.
 */
class LeaderElectionE2E {

  private static final Duration LEASE = Duration.ofSeconds(8);
  private static final Duration RENEW = Duration.ofSeconds(6);
  private static final Duration RETRY = Duration.ofSeconds(1);

  @TempDir Path dir;

  @Test
  void aStandbyTakesOverWithinTheLeaseWithoutDuplicateChangeSetsOrLostStatus() throws Exception {
    // Kept in target/ (the temp dir goes): the replicas' logs, to read when this fails.
    Path logs = Path.of("target", "leader-election").toAbsolutePath();
    try (SandboxProcess sandbox =
        SandboxProcess.start(dir.resolve("work"), "--external-operator")) {
      LeaderElectionDrill.Result result =
          LeaderElectionDrill.run(
              new LeaderElectionDrill.Options(
                  sandbox.workDir().resolve("state.json"),
                  Path.of(System.getProperty("sandbox.jar", "target/datapipeline-sandbox.jar")),
                  Path.of("examples/weather.yaml"),
                  1,
                  LEASE,
                  RENEW,
                  RETRY,
                  logs,
                  Duration.ofSeconds(180)),
              System.out);

      // The lease ran out at most LEASE after the last renewal, then the standby's next attempt
      // (every RETRY, plus up to 20% jitter) took it.
      Duration bound = LEASE.plus(RETRY.multipliedBy(12).dividedBy(10)).plusSeconds(1);
      assertThat(result.midDeployTakeover())
          .as("takeover after kill -9 mid-deploy")
          .isLessThan(bound);
      assertThat(result.readyTakeover()).as("takeover after kill -9 when Ready").isLessThan(bound);
      assertThat(result.gracefulHandover())
          .as("SIGTERM hands the lease back: the standby need not wait for it to expire")
          .isLessThan(LEASE);
      assertThat(result.heldStack()).as("a change set was created, not executed").isNotEmpty();
      assertThat(result.duplicateChangeSets())
          .as(
              "CreateChangeSet/ExecuteChangeSet beyond one each per stack: %s",
              result.changeSetCalls())
          .isZero();
      assertThat(result.changeSetCalls())
          .as("the change set the killed leader created is executed by its successor")
          .containsEntry(result.heldStack(), "1/1");
      assertThat(result.standbyCalls()).as("a standby makes no AWS call").isEmpty();
      assertThat(result.mutatingAfterReady())
          .as("taking over ready pipelines changes nothing in AWS")
          .noneMatch(call -> call.contains("ChangeSet"));
      assertThat(result.statusRegressions()).as("no status went back").isEmpty();
    }
  }
}
