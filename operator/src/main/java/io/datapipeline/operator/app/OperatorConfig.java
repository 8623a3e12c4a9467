package io.datapipeline.operator.app;

import io.datapipeline.operator.aws.AwsClientSettings;
import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.render.ImageDefaults;
import io.datapipeline.render.ImageTemplate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The operator's whole configuration: the catalogue of every setting (the constants below, the one
 * place a setting is declared) and one immutable set of their values, read once from the
 * environment or the same names as {@code --flags} in lower-kebab case, with defaults. The `run`
 * command's flags, the settings table in docs/contracts.md and the Helm chart test are derived from
 * {@link #SETTINGS}.
 */
public final class OperatorConfig {

  public static final Setting<Set<String>> WATCH_NAMESPACES =
      Setting.list("WATCH_NAMESPACES", "all", "comma-separated namespaces").helm("watchNamespaces");
  public static final Setting<String> SHARD_LABEL_SELECTOR =
      Setting.text(
              "SHARD_LABEL_SELECTOR",
              null,
              "reconcile only DataPipelines matching this label selector (e.g."
                  + " `datapipeline.io/shard=a`), so several releases can split the pipelines;"
                  + " unset: all")
          .helm("shardLabelSelector");
  public static final String TENANCY_ENFORCED = "Enforced";
  public static final String TENANCY_OPEN = "Open";
  public static final Setting<String> TENANCY =
      Setting.oneOf(
              "TENANCY",
              List.of(TENANCY_ENFORCED, TENANCY_OPEN),
              TENANCY_ENFORCED,
              "`Enforced`: a pipeline reaches only the roles, regions, service role and images its"
                  + " namespace's DataPipelineTenant grants, else no AWS call (Stalled"
                  + " `NotPermitted`); `Open`: any role the operator can assume, or its own"
                  + " identity (single-team clusters; warned at start). See docs/tenancy.md")
          .helm("tenancy.mode");
  public static final Setting<String> AWS_REGION =
      Setting.text("AWS_REGION", "us-east-1", "default region (a pipeline sets its own)")
          .helm("operator.awsRegion");
  public static final Setting<String> CONVERTER_IMAGE =
      Setting.image(
              "CONVERTER_IMAGE",
              bootstrapImage(BootstrapRenderer.CONVERTER_REPOSITORY),
              bootstrapImageText(BootstrapRenderer.CONVERTER_REPOSITORY),
              "default `spec.converter.image`; `{account}` and `{region}` are filled per pipeline")
          .helm("operator.converterImage");
  public static final Setting<String> GRAFANA_IMAGE =
      Setting.image(
              "GRAFANA_IMAGE",
              bootstrapImage(BootstrapRenderer.GRAFANA_REPOSITORY),
              bootstrapImageText(BootstrapRenderer.GRAFANA_REPOSITORY),
              "default `spec.dashboard.image`; `{account}` and `{region}` are filled per pipeline")
          .helm("operator.grafanaImage");
  public static final Setting<Duration> POLL_INTERVAL =
      Setting.duration(
              "POLL_INTERVAL",
              "30s",
              "settled DescribeStacks interval per account/region while its stack-events queue is"
                  + " unreachable or absent")
          .helm("operator.pollInterval");
  public static final Setting<Duration> FAST_POLL_INTERVAL =
      Setting.duration(
              "FAST_POLL_INTERVAL",
              "5s",
              "while any stack is in progress: its pipeline's requeue interval, and the"
                  + " DescribeStacks interval while the stack-events queue is unreachable; at most"
                  + " `POLL_INTERVAL`")
          .helm("operator.fastPollInterval");
  public static final Setting<Duration> SWEEP_INTERVAL =
      Setting.duration(
              "SWEEP_INTERVAL",
              "15m",
              "settled DescribeStacks sweep per account/region while stack events arrive (the"
                  + " safety net; the events refresh the stacks they name)")
          .helm("operator.sweepInterval");
  public static final Setting<Duration> SWEEP_MAX_INTERVAL =
      Setting.duration(
              "SWEEP_MAX_INTERVAL",
              "4h",
              "longest settled sweep interval while stack events arrive: each settled sweep that"
                  + " finds nothing the events had not told doubles the interval from"
                  + " `SWEEP_INTERVAL` up to this; one that finds a change starts again from"
                  + " `SWEEP_INTERVAL`. Set it to `SWEEP_INTERVAL` for a fixed interval")
          .helm("operator.sweepMaxInterval");
  public static final Setting<Integer> AWS_CALLS_PER_SECOND =
      Setting.integer(
              "AWS_CALLS_PER_SECOND",
              AwsClientSettings.DEFAULT_CALLS_PER_SECOND,
              1,
              "AWS call budget per account/region: sustained requests per second shared by every"
                  + " pipeline and observer (deploys, polls, dashboard reads); calls beyond it wait")
          .helm("operator.awsCallsPerSecond");
  public static final Setting<Integer> AWS_CALL_BURST =
      Setting.integer(
              "AWS_CALL_BURST",
              AwsClientSettings.DEFAULT_CALL_BURST,
              1,
              "requests per account/region that may go at once after a quiet spell (the budget's"
                  + " bucket size)")
          .helm("operator.awsCallBurst");
  public static final Setting<Integer> STACK_QUOTA_WARNING_PERCENT =
      Setting.integer(
              "STACK_QUOTA_WARNING_PERCENT",
              AwsClientSettings.DEFAULT_STACK_QUOTA_WARNING_PERCENT,
              1,
              "share of an account/region's CloudFormation stack quota (DescribeAccountLimits, read"
                  + " every 6h) from which its pipelines carry `StackQuotaNearing` True; 1-100")
          .notInChart(
              "the default suits every install; `extraEnv` can set it where an account is shared"
                  + " with much else");
  public static final Setting<Duration> DRIFT_CHECK_INTERVAL =
      Setting.duration(
              "DRIFT_CHECK_INTERVAL",
              "24h",
              "DetectStackDrift interval per stack, a pipeline's stacks together at the"
                  + " pipeline's own offset within it (the result arrives as an event; DescribeStackDriftDetectionStatus only when none"
                  + " came within 5m or the events queue is unreachable); `0s` turns drift"
                  + " detection off")
          .helm("operator.driftCheckInterval");
  public static final Setting<Duration> DATA_PATH_INTERVAL =
      Setting.duration(
              "DATA_PATH_INTERVAL",
              "5m",
              "DataPathHealthy: one batched read per identity and region at this interval"
                  + " (CloudWatch GetMetricData for 250 pipelines per call; a failure queue's"
                  + " attributes only while its metrics say it holds messages, at most every 15m);"
                  + " `0s` turns the condition off")
          .helm("operator.dataPathInterval");
  public static final Setting<Duration> DASHBOARD_INTERVAL =
      Setting.duration(
              "DASHBOARD_INTERVAL",
              "6h",
              "status.dashboard reading interval per pipeline with a dashboard (ECS DescribeServices"
                  + " and Application Auto Scaling DescribeScalingActivities) while ECS events"
                  + " arrive through the stack-events queue; an ECS event of its cluster or a"
                  + " change of its dashboard stack reads at once; while the queue is unreachable,"
                  + " at most every 10m")
          .helm("operator.dashboardInterval");
  public static final Setting<Integer> RECONCILE_CONCURRENCY =
      Setting.integer("RECONCILE_CONCURRENCY", 10, 1, "reconciler threads")
          .helm("operator.reconcileConcurrency");
  public static final Setting<String> AWS_ENDPOINT_URL =
      Setting.text(
              "AWS_ENDPOINT_URL", null, "endpoint override for every AWS client (tests, sandbox)")
          .helm("operator.awsEndpointUrl");
  public static final Setting<Integer> HEALTH_PORT =
      Setting.integer(
              "HEALTH_PORT",
              8081,
              "`GET /healthz` (liveness), `GET /readyz` (readiness); 0 picks a free port,"
                  + " negative disables")
          .helm("ports.health");
  public static final Setting<Integer> METRICS_PORT =
      Setting.integer(
              "METRICS_PORT",
              8080,
              "`GET /metrics` (Prometheus text); 0 picks a free port, negative disables")
          .helm("ports.metrics");
  public static final Setting<Boolean> LEADER_ELECTION =
      Setting.bool(
              "LEADER_ELECTION",
              true,
              "run only while holding the lease `datapipeline-operator` in"
                  + " `LEADER_ELECTION_NAMESPACE`")
          .helm("leaderElection.enabled");
  public static final Setting<String> LEADER_ELECTION_NAMESPACE =
      Setting.text("LEADER_ELECTION_NAMESPACE", null, "namespace of the lease (unset: the pod's)")
          .helm("leaderElection.namespace");
  public static final Setting<Duration> LEADER_ELECTION_LEASE_DURATION =
      Setting.duration(
              "LEADER_ELECTION_LEASE_DURATION",
              "15s",
              "how long the lease holds without renewal: the longest a standby waits after the"
                  + " leader died (a leader that stops gracefully hands the lease back at once)")
          .helm("leaderElection.leaseDuration");
  public static final Setting<Duration> LEADER_ELECTION_RENEW_DEADLINE =
      Setting.duration(
              "LEADER_ELECTION_RENEW_DEADLINE",
              "10s",
              "the leader exits (the pod restarts as a standby) when it could not renew the lease"
                  + " for this long; below `LEADER_ELECTION_LEASE_DURATION`, so it stops before"
                  + " a standby may take over")
          .helm("leaderElection.renewDeadline");
  public static final Setting<Duration> LEADER_ELECTION_RETRY_PERIOD =
      Setting.duration(
              "LEADER_ELECTION_RETRY_PERIOD",
              "2s",
              "interval of the leader's renewals and of a standby's attempts to acquire (plus up"
                  + " to 20% jitter); 1.2 times it must stay below `LEADER_ELECTION_RENEW_DEADLINE`")
          .helm("leaderElection.retryPeriod");
  public static final Setting<String> LOG_FORMAT =
      Setting.oneOf("LOG_FORMAT", List.of("json", "text"), "json", "log line format")
          .helm("operator.logFormat");
  public static final Setting<Boolean> SERVER_SIDE_APPLY =
      Setting.bool(
              "SERVER_SIDE_APPLY",
              true,
              "patch the pipeline's status with server-side apply; `false` for the fabric8 mock"
                  + " API server (tests, sandbox)")
          .notInChart("a real API server always supports server-side apply");
  public static final Setting<Boolean> EXIT_ON_INFORMER_STOP =
      Setting.bool(
              "EXIT_ON_INFORMER_STOP",
              true,
              "exit when the DataPipeline informer stops for good (the pod restarts); embedders"
                  + " set `false`")
          .notInChart("in a pod, exiting so Kubernetes restarts it is the only sensible choice");
  public static final Setting<Integer> MAX_RECREATE_ATTEMPTS =
      Setting.integer(
              "MAX_RECREATE_ATTEMPTS",
              2,
              0,
              "how often a stack whose first create failed (ROLLBACK_COMPLETE) is deleted and"
                  + " created again per generation before Stalled")
          .notInChart(
              "more attempts rarely fix a failed first create; the default suits every install"
                  + " (`extraEnv` can still set it)");

  /** Every setting, in the order the docs and `run --help` list them. */
  public static final List<Setting<?>> SETTINGS =
      List.of(
          WATCH_NAMESPACES,
          SHARD_LABEL_SELECTOR,
          TENANCY,
          AWS_REGION,
          CONVERTER_IMAGE,
          GRAFANA_IMAGE,
          POLL_INTERVAL,
          FAST_POLL_INTERVAL,
          SWEEP_INTERVAL,
          SWEEP_MAX_INTERVAL,
          AWS_CALLS_PER_SECOND,
          AWS_CALL_BURST,
          STACK_QUOTA_WARNING_PERCENT,
          DRIFT_CHECK_INTERVAL,
          DATA_PATH_INTERVAL,
          DASHBOARD_INTERVAL,
          RECONCILE_CONCURRENCY,
          AWS_ENDPOINT_URL,
          HEALTH_PORT,
          METRICS_PORT,
          LEADER_ELECTION,
          LEADER_ELECTION_NAMESPACE,
          LEADER_ELECTION_LEASE_DURATION,
          LEADER_ELECTION_RENEW_DEADLINE,
          LEADER_ELECTION_RETRY_PERIOD,
          LOG_FORMAT,
          SERVER_SIDE_APPLY,
          EXIT_ON_INFORMER_STOP,
          MAX_RECREATE_ATTEMPTS);

  /** Value per setting; null values are unset optional settings. */
  private final Map<Setting<?>, Object> values;

  private OperatorConfig(Map<Setting<?>, Object> values) {
    this.values = values;
    if (fastPollInterval().compareTo(pollInterval()) > 0) {
      throw new IllegalArgumentException("FAST_POLL_INTERVAL must not exceed POLL_INTERVAL");
    }
    if (get(SWEEP_MAX_INTERVAL).compareTo(sweepInterval()) < 0) {
      throw new IllegalArgumentException("SWEEP_MAX_INTERVAL must not be below SWEEP_INTERVAL");
    }
    if (stackQuotaWarningPercent() > 100) {
      throw new IllegalArgumentException("STACK_QUOTA_WARNING_PERCENT must be at most 100");
    }
    if (reconcileConcurrency() < 1) {
      throw new IllegalArgumentException("RECONCILE_CONCURRENCY must be at least 1");
    }
    checkLeaseTimings();
    if (shardLabelSelector() != null) {
      LabelSelectors.check(SHARD_LABEL_SELECTOR.variable(), shardLabelSelector());
    }
    for (Setting<String> image : List.of(CONVERTER_IMAGE, GRAFANA_IMAGE)) {
      if (get(image) != null) {
        Setting.checkImage(image.variable(), get(image));
      }
    }
    if (!List.of("json", "text").contains(logFormat())) {
      throw new IllegalArgumentException("LOG_FORMAT must be json or text, not " + logFormat());
    }
  }

  /**
   * As client-go checks them: a leader gives up (renew deadline) before its lease runs out, and
   * retries, jitter included, several times within the renew deadline.
   */
  private void checkLeaseTimings() {
    Duration lease = get(LEADER_ELECTION_LEASE_DURATION);
    Duration renew = get(LEADER_ELECTION_RENEW_DEADLINE);
    Duration retry = get(LEADER_ELECTION_RETRY_PERIOD);
    if (retry.isNegative() || retry.isZero()) {
      throw new IllegalArgumentException("LEADER_ELECTION_RETRY_PERIOD must be positive");
    }
    if (renew.compareTo(lease) >= 0) {
      throw new IllegalArgumentException(
          "LEADER_ELECTION_RENEW_DEADLINE ("
              + renew
              + ") must be shorter than LEADER_ELECTION_LEASE_DURATION ("
              + lease
              + ")");
    }
    if (retry.multipliedBy(12).dividedBy(10).compareTo(renew) >= 0) {
      throw new IllegalArgumentException(
          "1.2 x LEADER_ELECTION_RETRY_PERIOD ("
              + retry
              + ") must be shorter than LEADER_ELECTION_RENEW_DEADLINE ("
              + renew
              + ")");
    }
  }

  /**
   * The image of this operator's version in the bootstrap stack's repository {@code repository}
   * (its {@code *RepositoryUri} outputs) of each pipeline's account and region.
   */
  private static String bootstrapImage(String repository) {
    return ImageTemplate.bootstrapRepository(repository, OperatorVersion.current()).text();
  }

  /** The same, as the docs show it: the version changes with every release. */
  private static String bootstrapImageText(String repository) {
    return ImageTemplate.bootstrapRepositoryText(repository, "<operator version>");
  }

  /** The default images of {@code config}, before a pipeline fills in account and region. */
  public ImageDefaults imageDefaults() {
    return ImageDefaults.of(converterImage(), grafanaImage());
  }

  /** The defaults of contracts.md. */
  public static OperatorConfig defaults() {
    return from(Map.of());
  }

  /** From the process environment. */
  public static OperatorConfig fromEnvironment() {
    return from(System.getenv());
  }

  /**
   * From settings keyed by environment variable name; flags are passed in the same map under their
   * variable name (see {@link #variableName}).
   */
  public static OperatorConfig from(Map<String, String> settings) {
    Map<Setting<?>, Object> values = new LinkedHashMap<>();
    for (Setting<?> setting : SETTINGS) {
      values.put(setting, setting.read(settings));
    }
    return new OperatorConfig(values);
  }

  /** {@code --fast-poll-interval} -> {@code FAST_POLL_INTERVAL}. */
  public static String variableName(String flag) {
    return flag.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** A copy with one setting changed: the one way to derive a configuration from another. */
  public <T> OperatorConfig with(Setting<T> setting, T value) {
    if (!SETTINGS.contains(setting)) {
      throw new IllegalArgumentException("not an operator setting: " + setting);
    }
    Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
    copy.put(setting, value instanceof Set<?> set ? Set.copyOf(set) : value);
    return new OperatorConfig(copy);
  }

  /** A copy for embedding: no leader election, no SSA, no exit, given ports. */
  public OperatorConfig embedded(int health, int metrics) {
    return with(HEALTH_PORT, health)
        .with(METRICS_PORT, metrics)
        .with(LEADER_ELECTION, false)
        .with(SERVER_SIDE_APPLY, false)
        .with(EXIT_ON_INFORMER_STOP, false);
  }

  /** The value of any setting. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting);
  }

  /** Empty: all namespaces. */
  public Set<String> watchNamespaces() {
    return get(WATCH_NAMESPACES);
  }

  /** True under {@code TENANCY=Enforced}: only what a DataPipelineTenant grants. */
  public boolean tenancyEnforced() {
    return TENANCY_ENFORCED.equals(get(TENANCY));
  }

  /** The label selector of this release's share of the pipelines, or null for all. */
  public String shardLabelSelector() {
    return get(SHARD_LABEL_SELECTOR);
  }

  /** Default region for AWS clients (each pipeline sets its own). */
  public String awsRegion() {
    return get(AWS_REGION);
  }

  /** Default spec.converter.image, may hold {account} and {region}; null: none. */
  public String converterImage() {
    return get(CONVERTER_IMAGE);
  }

  /** Default spec.dashboard.image, may hold {account} and {region}; null: none. */
  public String grafanaImage() {
    return get(GRAFANA_IMAGE);
  }

  public Duration pollInterval() {
    return get(POLL_INTERVAL);
  }

  public Duration fastPollInterval() {
    return get(FAST_POLL_INTERVAL);
  }

  public Duration sweepInterval() {
    return get(SWEEP_INTERVAL);
  }

  public int awsCallsPerSecond() {
    return get(AWS_CALLS_PER_SECOND);
  }

  public int awsCallBurst() {
    return get(AWS_CALL_BURST);
  }

  public int stackQuotaWarningPercent() {
    return get(STACK_QUOTA_WARNING_PERCENT);
  }

  public int reconcileConcurrency() {
    return get(RECONCILE_CONCURRENCY);
  }

  /** Endpoint override for every AWS client (tests, sandbox), or null. */
  public String awsEndpointUrl() {
    return get(AWS_ENDPOINT_URL);
  }

  public int healthPort() {
    return get(HEALTH_PORT);
  }

  public int metricsPort() {
    return get(METRICS_PORT);
  }

  public boolean leaderElection() {
    return get(LEADER_ELECTION);
  }

  /** The lease's namespace, or null for the pod's. */
  public String leaderElectionNamespace() {
    return get(LEADER_ELECTION_NAMESPACE);
  }

  public Duration leaseDuration() {
    return get(LEADER_ELECTION_LEASE_DURATION);
  }

  public Duration renewDeadline() {
    return get(LEADER_ELECTION_RENEW_DEADLINE);
  }

  public Duration retryPeriod() {
    return get(LEADER_ELECTION_RETRY_PERIOD);
  }

  /** json or text. */
  public String logFormat() {
    return get(LOG_FORMAT);
  }

  public boolean serverSideApply() {
    return get(SERVER_SIDE_APPLY);
  }

  public boolean exitOnInformerStop() {
    return get(EXIT_ON_INFORMER_STOP);
  }

  public int maxRecreateAttempts() {
    return get(MAX_RECREATE_ATTEMPTS);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OperatorConfig other && other.values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values);
  }

  @Override
  public String toString() {
    return "OperatorConfig" + values;
  }
}
