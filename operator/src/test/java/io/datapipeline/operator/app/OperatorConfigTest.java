package io.datapipeline.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaultsAreThoseOfTheContract() {
    OperatorConfig c = OperatorConfig.defaults();

    assertThat(c.watchNamespaces()).isEmpty();
    assertThat(c.awsRegion()).isEqualTo("us-east-1");
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.fastPollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.reconcileConcurrency()).isEqualTo(10);
    assertThat(c.healthPort()).isEqualTo(8081);
    assertThat(c.metricsPort()).isEqualTo(8080);
    assertThat(c.leaderElection()).isTrue();
    assertThat(c.logFormat()).isEqualTo("json");
    assertThat(c.serverSideApply()).isTrue();
    assertThat(c.awsEndpointUrl()).isNull();
  }

  @Test
  void readsEveryVariable() {
    OperatorConfig c =
        OperatorConfig.from(
            Map.of(
                "WATCH_NAMESPACES", "team-a, team-b",
                "AWS_REGION", "eu-west-1",
                "POLL_INTERVAL", "2m",
                "FAST_POLL_INTERVAL", "500ms",
                "RECONCILE_CONCURRENCY", "4",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "LEADER_ELECTION", "false",
                "LOG_FORMAT", "text",
                "SERVER_SIDE_APPLY", "false"));

    assertThat(c.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(c.awsRegion()).isEqualTo("eu-west-1");
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.fastPollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.reconcileConcurrency()).isEqualTo(4);
    assertThat(c.awsEndpointUrl()).isEqualTo("http://127.0.0.1:5000");
    assertThat(c.leaderElection()).isFalse();
    assertThat(c.serverSideApply()).isFalse();
  }

  @Test
  void flagsMapToTheirVariables() {
    assertThat(OperatorConfig.variableName("--fast-poll-interval")).isEqualTo("FAST_POLL_INTERVAL");
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("POLL_INTERVAL", "soon")))
        .hasMessageContaining("POLL_INTERVAL");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("RECONCILE_CONCURRENCY", "many")))
        .hasMessageContaining("RECONCILE_CONCURRENCY");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("LEADER_ELECTION", "maybe")))
        .hasMessageContaining("LEADER_ELECTION");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("FAST_POLL_INTERVAL", "1h")))
        .hasMessageContaining("FAST_POLL_INTERVAL");
  }
}
