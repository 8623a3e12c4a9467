package io.datapipeline.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            Map.ofEntries(
                Map.entry("WATCH_NAMESPACES", "team-a, team-b"),
                Map.entry("AWS_REGION", "eu-west-1"),
                Map.entry("POLL_INTERVAL", "2m"),
                Map.entry("FAST_POLL_INTERVAL", "500ms"),
                Map.entry("RECONCILE_CONCURRENCY", "4"),
                Map.entry("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"),
                Map.entry("LEADER_ELECTION", "false"),
                Map.entry("LOG_FORMAT", "text"),
                Map.entry("SERVER_SIDE_APPLY", "false"),
                Map.entry("EXIT_ON_INFORMER_STOP", "false"),
                Map.entry("MAX_RECREATE_ATTEMPTS", "5"),
                Map.entry("LEADER_ELECTION_NAMESPACE", "ops")));

    assertThat(c.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(c.awsRegion()).isEqualTo("eu-west-1");
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.fastPollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.reconcileConcurrency()).isEqualTo(4);
    assertThat(c.awsEndpointUrl()).isEqualTo("http://127.0.0.1:5000");
    assertThat(c.leaderElection()).isFalse();
    assertThat(c.serverSideApply()).isFalse();
    assertThat(c.exitOnInformerStop()).isFalse();
    assertThat(c.maxRecreateAttempts()).isEqualTo(5);
    assertThat(c.leaderElectionNamespace()).isEqualTo("ops");
    assertThat(c.logFormat()).isEqualTo("text");
  }

  @Test
  void aCopyChangesOnlyTheGivenSetting() {
    OperatorConfig base = OperatorConfig.defaults();

    OperatorConfig copy = base.with(OperatorConfig.WATCH_NAMESPACES, Set.of("team-a"));

    assertThat(copy.watchNamespaces()).containsExactly("team-a");
    assertThat(base.watchNamespaces()).as("the original is immutable").isEmpty();
    assertThat(copy.with(OperatorConfig.WATCH_NAMESPACES, Set.of())).isEqualTo(base);
    assertThatThrownBy(() -> base.with(OperatorConfig.FAST_POLL_INTERVAL, Duration.ofHours(1)))
        .as("a copy is checked like a configuration read from the environment")
        .hasMessageContaining("FAST_POLL_INTERVAL");
  }

  @Test
  void embeddingTurnsOffWhatOnlyAPodNeeds() {
    OperatorConfig c = OperatorConfig.defaults().embedded(0, -1);

    assertThat(c.healthPort()).isZero();
    assertThat(c.metricsPort()).isEqualTo(-1);
    assertThat(c.leaderElection()).isFalse();
    assertThat(c.serverSideApply()).isFalse();
    assertThat(c.exitOnInformerStop()).isFalse();
    assertThat(c.maxRecreateAttempts()).isEqualTo(2);
  }

  @Test
  void everySettingHasADefaultThatReadsBack() {
    OperatorConfig defaults = OperatorConfig.defaults();
    for (Setting<?> s : OperatorConfig.SETTINGS) {
      assertThat(defaults.get(s)).as(s.variable()).isEqualTo(s.defaultValue());
    }
  }

  @Test
  void leaseTimingsDefaultAsKubernetesControllersAndMustNest() {
    OperatorConfig defaults = OperatorConfig.defaults();
    assertThat(defaults.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(defaults.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.retryPeriod()).isEqualTo(Duration.ofSeconds(2));

    OperatorConfig fast =
        OperatorConfig.from(
            Map.of(
                "LEADER_ELECTION_LEASE_DURATION", "4s",
                "LEADER_ELECTION_RENEW_DEADLINE", "3s",
                "LEADER_ELECTION_RETRY_PERIOD", "500ms"));
    assertThat(fast.leaseDuration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(fast.renewDeadline()).isEqualTo(Duration.ofSeconds(3));
    assertThat(fast.retryPeriod()).isEqualTo(Duration.ofMillis(500));

    assertThatThrownBy(() -> OperatorConfig.from(Map.of("LEADER_ELECTION_RENEW_DEADLINE", "15s")))
        .as("a leader must give up before its lease runs out")
        .hasMessageContaining("LEADER_ELECTION_RENEW_DEADLINE")
        .hasMessageContaining("LEADER_ELECTION_LEASE_DURATION");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("LEADER_ELECTION_RETRY_PERIOD", "9s")))
        .as("renewals, jitter included, must fit within the renew deadline")
        .hasMessageContaining("LEADER_ELECTION_RETRY_PERIOD");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("LEADER_ELECTION_RETRY_PERIOD", "0s")))
        .hasMessageContaining("LEADER_ELECTION_RETRY_PERIOD");
  }

  @Test
  void flagsMapToTheirVariables() {
    assertThat(OperatorConfig.variableName("--fast-poll-interval")).isEqualTo("FAST_POLL_INTERVAL");
  }

  @ParameterizedTest(name = "{0}={1} is refused, naming the variable")
  @CsvSource({
    "POLL_INTERVAL, soon",
    "RECONCILE_CONCURRENCY, many",
    "LEADER_ELECTION, maybe",
    "FAST_POLL_INTERVAL, 1h",
    "LOG_FORMAT, xml",
    "RECONCILE_CONCURRENCY, 0",
    "MAX_RECREATE_ATTEMPTS, -1"
  })
  void badValuesNameTheVariable(String variable, String value) {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(variable, value)))
        .hasMessageContaining(variable);
  }

  @Test
  void tenancyIsEnforcedUnlessSetOpen() {
    assertThat(OperatorConfig.defaults().tenancyEnforced()).isTrue();
    assertThat(OperatorConfig.from(Map.of("TENANCY", "Open")).tenancyEnforced()).isFalse();
    Assertions.assertThatThrownBy(() -> OperatorConfig.from(Map.of("TENANCY", "open")))
        .hasMessageContaining("TENANCY must be Enforced or Open");
  }

  @Test
  void defaultImagesAreTheBootstrapRepositoriesTaggedWithTheOperatorsVersion() {
    OperatorConfig c = OperatorConfig.defaults();

    assertThat(OperatorVersion.current()).isNotBlank().doesNotContain("${");
    assertThat(c.converterImage())
        .isEqualTo(
            "{account}.dkr.ecr.{region}.amazonaws.com/datapipeline-converter:"
                + OperatorVersion.current());
    assertThat(c.grafanaImage())
        .isEqualTo(
            "{account}.dkr.ecr.{region}.amazonaws.com/datapipeline-grafana:"
                + OperatorVersion.current());
    assertThat(c.imageDefaults().resolve("eu-central-1", () -> "444455556666").converterImage())
        .isEqualTo(
            "444455556666.dkr.ecr.eu-central-1.amazonaws.com/datapipeline-converter:"
                + OperatorVersion.current());
  }

  @Test
  void versionIsTheBuildsProjectVersion() throws Exception {
    // The surefire run's working directory is the operator module: its pom names the version.
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom).contains("<version>" + OperatorVersion.current() + "</version>");
  }

  @Test
  void imageSettingsAcceptPlaceholdersAndFixedImages() {
    OperatorConfig c =
        OperatorConfig.from(
            Map.of(
                "CONVERTER_IMAGE", "{account}.dkr.ecr.{region}.amazonaws.com/mine/converter:7",
                "GRAFANA_IMAGE", "docker.io/grafana/grafana:11.1.0"));

    assertThat(c.imageDefaults().resolve("us-west-2", () -> "444455556666").converterImage())
        .isEqualTo("444455556666.dkr.ecr.us-west-2.amazonaws.com/mine/converter:7");
    assertThat(c.imageDefaults().resolve("us-west-2", () -> "444455556666").grafanaImage())
        .isEqualTo("docker.io/grafana/grafana:11.1.0");
  }

  @Test
  void unknownImagePlaceholderFailsAtStartNamingTheSetting() {
    assertThatThrownBy(
            () ->
                OperatorConfig.from(
                    Map.of("CONVERTER_IMAGE", "{accountId}.dkr.ecr.{region}.amazonaws.com/c:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CONVERTER_IMAGE ")
        .hasMessageContaining("unknown placeholder {accountId}")
        .hasMessageContaining("{account}, {region}");
    assertThatThrownBy(
            () ->
                OperatorConfig.defaults()
                    .with(OperatorConfig.GRAFANA_IMAGE, "registry.example/grafana:{tag}"))
        .hasMessageStartingWith("GRAFANA_IMAGE ")
        .hasMessageContaining("unknown placeholder {tag}");
  }
}
