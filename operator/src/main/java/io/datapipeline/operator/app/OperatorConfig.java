package io.datapipeline.operator.app;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's whole configuration, read once from the environment (names in contracts.md) or the
 * same names as {@code --flags} in lower-kebab case, with defaults.
 *
 * @param watchNamespaces empty: all namespaces
 * @param awsRegion default region for AWS clients (each pipeline sets its own)
 * @param converterImage default spec.converter.image, or null
 * @param grafanaImage default spec.dashboard.image, or null
 * @param pollInterval settled DescribeStacks interval per account/region
 * @param fastPollInterval DescribeStacks interval while any stack is in progress
 * @param reconcileConcurrency reconciler threads
 * @param awsEndpointUrl endpoint override for every AWS client (tests, sandbox), or null
 * @param healthPort GET /healthz and /readyz; 0 picks a free port, negative disables
 * @param metricsPort GET /metrics; 0 picks a free port, negative disables
 * @param leaderElection run only while holding the lease {@code datapipeline-operator}
 * @param leaderElectionNamespace the lease's namespace, or null for the pod's
 * @param logFormat json or text
 * @param serverSideApply patch the pipeline's status with server-side apply (the fabric8 mock API
 *     server only accepts merge patches: set false there)
 * @param exitOnInformerStop exit the process when the pipeline informer stops for good (so the pod
 *     restarts); embedders (tests, sandbox) set false
 * @param maxRecreateAttempts how often a stack whose first create failed is created again
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String awsRegion,
    String converterImage,
    String grafanaImage,
    Duration pollInterval,
    Duration fastPollInterval,
    int reconcileConcurrency,
    String awsEndpointUrl,
    int healthPort,
    int metricsPort,
    boolean leaderElection,
    String leaderElectionNamespace,
    String logFormat,
    boolean serverSideApply,
    boolean exitOnInformerStop,
    int maxRecreateAttempts) {

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
    if (reconcileConcurrency < 1) {
      throw new IllegalArgumentException("RECONCILE_CONCURRENCY must be at least 1");
    }
    if (fastPollInterval.compareTo(pollInterval) > 0) {
      throw new IllegalArgumentException("FAST_POLL_INTERVAL must not exceed POLL_INTERVAL");
    }
    if (!logFormat.equals("json") && !logFormat.equals("text")) {
      throw new IllegalArgumentException("LOG_FORMAT must be json or text, not " + logFormat);
    }
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
    Settings s = new Settings(settings);
    return new OperatorConfig(
        s.list("WATCH_NAMESPACES"),
        s.text("AWS_REGION", "us-east-1"),
        s.text("CONVERTER_IMAGE", null),
        s.text("GRAFANA_IMAGE", null),
        s.duration("POLL_INTERVAL", "30s"),
        s.duration("FAST_POLL_INTERVAL", "5s"),
        s.integer("RECONCILE_CONCURRENCY", 10),
        s.text("AWS_ENDPOINT_URL", null),
        s.integer("HEALTH_PORT", 8081),
        s.integer("METRICS_PORT", 8080),
        s.bool("LEADER_ELECTION", true),
        s.text("LEADER_ELECTION_NAMESPACE", null),
        s.text("LOG_FORMAT", "json"),
        s.bool("SERVER_SIDE_APPLY", true),
        s.bool("EXIT_ON_INFORMER_STOP", true),
        s.integer("MAX_RECREATE_ATTEMPTS", 2));
  }

  /** {@code --fast-poll-interval} -> {@code FAST_POLL_INTERVAL}. */
  public static String variableName(String flag) {
    return flag.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** A copy for embedding: no leader election, no SSA, no exit, given ports. */
  public OperatorConfig embedded(int health, int metrics) {
    return new OperatorConfig(
        watchNamespaces,
        awsRegion,
        converterImage,
        grafanaImage,
        pollInterval,
        fastPollInterval,
        reconcileConcurrency,
        awsEndpointUrl,
        health,
        metrics,
        false,
        leaderElectionNamespace,
        logFormat,
        false,
        false,
        maxRecreateAttempts);
  }

  public OperatorConfig withPolling(Duration settled, Duration fast) {
    return new OperatorConfig(
        watchNamespaces,
        awsRegion,
        converterImage,
        grafanaImage,
        settled,
        fast,
        reconcileConcurrency,
        awsEndpointUrl,
        healthPort,
        metricsPort,
        leaderElection,
        leaderElectionNamespace,
        logFormat,
        serverSideApply,
        exitOnInformerStop,
        maxRecreateAttempts);
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    return new OperatorConfig(
        namespaces,
        awsRegion,
        converterImage,
        grafanaImage,
        pollInterval,
        fastPollInterval,
        reconcileConcurrency,
        awsEndpointUrl,
        healthPort,
        metricsPort,
        leaderElection,
        leaderElectionNamespace,
        logFormat,
        serverSideApply,
        exitOnInformerStop,
        maxRecreateAttempts);
  }

  public OperatorConfig withAwsEndpointUrl(String endpoint, String region) {
    return new OperatorConfig(
        watchNamespaces,
        region,
        converterImage,
        grafanaImage,
        pollInterval,
        fastPollInterval,
        reconcileConcurrency,
        endpoint,
        healthPort,
        metricsPort,
        leaderElection,
        leaderElectionNamespace,
        logFormat,
        serverSideApply,
        exitOnInformerStop,
        maxRecreateAttempts);
  }

  private record Settings(Map<String, String> values) {

    String text(String name, String fallback) {
      String v = values.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    Set<String> list(String name) {
      String v = text(name, "");
      return Arrays.stream(v.split(","))
          .map(String::trim)
          .filter(x -> !x.isEmpty())
          .collect(Collectors.toUnmodifiableSet());
    }

    int integer(String name, int fallback) {
      String v = text(name, null);
      try {
        return v == null ? fallback : Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be an integer, not '" + v + "'");
      }
    }

    boolean bool(String name, boolean fallback) {
      String v = text(name, null);
      if (v == null) {
        return fallback;
      }
      return switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default ->
            throw new IllegalArgumentException(name + " must be true or false, not '" + v + "'");
      };
    }

    Duration duration(String name, String fallback) {
      String v = text(name, fallback);
      try {
        return parseDuration(v);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            name + " must be a duration like 500ms, 30s, 5m or 1h, not '" + v + "'");
      }
    }
  }

  static Duration parseDuration(String v) {
    String t = v.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException(v);
    };
  }
}
