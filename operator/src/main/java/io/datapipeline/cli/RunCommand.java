package io.datapipeline.cli;

import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `run`: the operator. Every setting comes from the environment or the same-named flag. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the DataPipeline operator until SIGTERM.",
      "Each flag overrides the environment variable of the same name in UPPER_SNAKE case"
          + " (e.g. --poll-interval and POLL_INTERVAL)."
    })
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--watch-namespaces", description = "Comma-separated namespaces; empty: all.")
  String watchNamespaces;

  @Option(names = "--aws-region", description = "Default AWS region (default us-east-1).")
  String awsRegion;

  @Option(names = "--converter-image", description = "Default spec.converter.image.")
  String converterImage;

  @Option(names = "--grafana-image", description = "Default spec.dashboard.image.")
  String grafanaImage;

  @Option(names = "--poll-interval", description = "Settled DescribeStacks interval (30s).")
  String pollInterval;

  @Option(names = "--fast-poll-interval", description = "Interval while stacks change (5s).")
  String fastPollInterval;

  @Option(names = "--reconcile-concurrency", description = "Reconciler threads (10).")
  String reconcileConcurrency;

  @Option(names = "--aws-endpoint-url", description = "Endpoint override for every AWS client.")
  String awsEndpointUrl;

  @Option(names = "--health-port", description = "/healthz and /readyz port (8081).")
  String healthPort;

  @Option(names = "--metrics-port", description = "/metrics port (8080).")
  String metricsPort;

  @Option(names = "--leader-election", description = "true or false (true).")
  String leaderElection;

  @Option(names = "--leader-election-namespace", description = "Namespace of the lease.")
  String leaderElectionNamespace;

  @Option(names = "--log-format", description = "json or text (json).")
  String logFormat;

  @Option(
      names = "--server-side-apply",
      description = "Patch status with server-side apply (true; false for the mock API server).")
  String serverSideApply;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> settings = new HashMap<>(System.getenv());
    put(settings, "--watch-namespaces", watchNamespaces);
    put(settings, "--aws-region", awsRegion);
    put(settings, "--converter-image", converterImage);
    put(settings, "--grafana-image", grafanaImage);
    put(settings, "--poll-interval", pollInterval);
    put(settings, "--fast-poll-interval", fastPollInterval);
    put(settings, "--reconcile-concurrency", reconcileConcurrency);
    put(settings, "--aws-endpoint-url", awsEndpointUrl);
    put(settings, "--health-port", healthPort);
    put(settings, "--metrics-port", metricsPort);
    put(settings, "--leader-election", leaderElection);
    put(settings, "--leader-election-namespace", leaderElectionNamespace);
    put(settings, "--log-format", logFormat);
    put(settings, "--server-side-apply", serverSideApply);
    OperatorConfig config = OperatorConfig.from(settings);
    Logging.configure(config.logFormat());
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorApp app = OperatorApp.start(config, client);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }

  private static void put(Map<String, String> settings, String flag, String value) {
    if (value != null) {
      settings.put(OperatorConfig.variableName(flag), value);
    }
  }
}
