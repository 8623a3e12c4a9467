package io.datapipeline.operator.app;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.aws.AwsClientSettings;
import io.datapipeline.operator.aws.SdkAwsSessions;
import io.datapipeline.operator.controller.PipelineController;
import io.datapipeline.operator.controller.PlanRenderer;
import io.datapipeline.operator.controller.SpecValidator;
import io.datapipeline.operator.deploy.ArtifactUploader;
import io.datapipeline.operator.deploy.Bootstrap;
import io.datapipeline.operator.deploy.DeleteRetries;
import io.datapipeline.operator.deploy.PipelineDeleter;
import io.datapipeline.operator.deploy.PipelineDeployer;
import io.datapipeline.operator.deploy.RecreateBudget;
import io.datapipeline.operator.deploy.StackDeployer;
import io.datapipeline.operator.deploy.StackRemover;
import io.datapipeline.operator.kubernetes.ConnectionSecrets;
import io.datapipeline.operator.kubernetes.DataPipelineReconciler;
import io.datapipeline.operator.kubernetes.KubernetesEvents;
import io.datapipeline.operator.kubernetes.KubernetesTenants;
import io.datapipeline.operator.kubernetes.StackChangeEventSource;
import io.datapipeline.operator.kubernetes.StatusWriter;
import io.datapipeline.operator.metrics.OperatorMetrics;
import io.datapipeline.operator.status.StatusBuilder;
import io.datapipeline.operator.tenancy.PipelineAccess;
import io.datapipeline.operator.threads.DaemonThreads;
import io.datapipeline.render.StackPlan;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The running operator: wires the object graph with plain constructors, starts the framework, the
 * pollers and the HTTP endpoints, and shuts all of it down gracefully. The `run` command and the
 * sandbox both start it from here.
 */
public final class OperatorApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorApp.class);
  public static final String LEASE_NAME = "datapipeline-operator";

  /**
   * What an embedder may replace.
   *
   * @param renderer spec to stacks, per pipeline region and account
   * @param validator checks the spec before anything is deployed
   * @param interceptors added to every AWS SDK client (tests: count calls, inject throttling)
   */
  public record Hooks(
      PlanRenderer renderer, SpecValidator validator, List<ExecutionInterceptor> interceptors) {

    public Hooks {
      interceptors = List.copyOf(interceptors);
    }

    public static Hooks defaults(OperatorConfig config) {
      return new Hooks(Renderers.forConfig(config), Validators.standard(), List.of());
    }

    /** A renderer with fixed images (tests, the sandbox's moto adaptations). */
    public Hooks withRenderer(Function<DataPipeline, StackPlan> other) {
      return withRenderer(PlanRenderer.of(other));
    }

    public Hooks withRenderer(PlanRenderer other) {
      return new Hooks(other, validator, interceptors);
    }

    public Hooks withInterceptors(List<ExecutionInterceptor> more) {
      List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
      all.addAll(more);
      return new Hooks(renderer, validator, all);
    }
  }

  private final Operator operator;
  private final SdkAwsSessions sessions;
  private final ScheduledExecutorService scheduler;
  private final OperatorMetrics metrics;
  private final List<HealthServer> servers = new ArrayList<>();
  private HealthServer healthServer;
  private HealthServer metricsServer;
  private final AtomicBoolean stopping;
  private volatile boolean closed;
  private KubernetesClient client;
  private LeaderLease lease;

  private OperatorApp(
      Operator operator,
      SdkAwsSessions sessions,
      ScheduledExecutorService scheduler,
      OperatorMetrics metrics,
      AtomicBoolean stopping) {
    this.stopping = stopping;
    this.operator = operator;
    this.sessions = sessions;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  /** Starts the operator with the production renderer and validator. */
  public static OperatorApp start(OperatorConfig config, KubernetesClient client) {
    return start(config, client, Hooks.defaults(config));
  }

  public static OperatorApp start(OperatorConfig config, KubernetesClient given, Hooks hooks) {
    // One object the model cannot read must not stop the informer, and so every pipeline.
    KubernetesClient client = TolerantReading.client(given);
    OperatorMetrics metrics = new OperatorMetrics();
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(2, DaemonThreads.named("stack-poller"));
    StackChangeEventSource stackChanges = new StackChangeEventSource();
    AtomicBoolean stopping = new AtomicBoolean();
    SdkAwsSessions sessions =
        new SdkAwsSessions(
            new AwsClientSettings(
                config.awsEndpointUrl(),
                config.pollInterval(),
                config.fastPollInterval(),
                config.awsCallsPerSecond(),
                config.awsCallBurst(),
                config.sweepInterval(),
                AwsClientSettings.DEFAULT_QUEUE_ATTRIBUTES_INTERVAL,
                config.stackQuotaWarningPercent(),
                config.get(OperatorConfig.SWEEP_MAX_INTERVAL)),
            metrics,
            hooks.interceptors(),
            scheduler,
            stackChanges::onStacksChanged);
    Clock clock = Clock.systemUTC();
    KubernetesTenants tenants =
        config.tenancyEnforced()
            ? new KubernetesTenants(
                client, clock, config.pollInterval(), config.imageDefaults().converter())
            : null;
    if (tenants == null) {
      LOG.warn(
          "TENANCY=Open: every DataPipeline may use any role the operator can assume, and one"
              + " without spec.aws.roleArn acts with the operator's own identity. Use Enforced"
              + " with DataPipelineTenants on a cluster shared by teams (docs/tenancy.md).");
    }
    // One deletion retry budget per stack, whether a pipeline's deletion or a recreate deletes it.
    StackRemover remover = new StackRemover(DeleteRetries.standard(clock));
    PipelineController controller =
        new PipelineController(
            hooks.renderer(),
            hooks.validator(),
            sessions,
            new PipelineDeployer(
                new StackDeployer(new RecreateBudget(config.maxRecreateAttempts()), remover),
                new ArtifactUploader(),
                Bootstrap.standard()),
            new PipelineDeleter(remover),
            new StatusBuilder(clock),
            clock,
            config.awsRegion(),
            tenants == null ? PipelineAccess.open(config.awsRegion()) : tenants.access(),
            new PipelineController.Intervals(
                config.pollInterval(),
                config.fastPollInterval(),
                config.get(OperatorConfig.DRIFT_CHECK_INTERVAL),
                config.get(OperatorConfig.DATA_PATH_INTERVAL),
                config.get(OperatorConfig.DASHBOARD_INTERVAL)));
    DataPipelineReconciler reconciler =
        new DataPipelineReconciler(
            controller,
            new KubernetesEvents(client),
            new ConnectionSecrets(client),
            metrics,
            stackChanges,
            tenants,
            new StatusWriter(config.serverSideApply()));
    LeaderLease lease = config.leaderElection() ? LeaderLease.of(LEASE_NAME, config, client) : null;
    AtomicReference<OperatorApp> app = new AtomicReference<>();
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(config.reconcileConcurrency())
                  .withUseSSAToPatchPrimaryResource(config.serverSideApply())
                  .withInformerStoppedHandler(
                      (informer, error) -> {
                        if (stopping.get()) {
                          return; // our own shutdown stops the informers
                        }
                        LOG.error("the DataPipeline informer stopped", error);
                        if (config.exitOnInformerStop()) {
                          // Let Kubernetes restart the pod rather than run blind.
                          System.exit(1);
                        }
                      });
              if (lease != null) {
                o.withLeaderElectionConfiguration(
                    lease.configuration(config, stopping::get, () -> lostLease(config, app)));
              }
            });
    operator.register(
        reconciler,
        o -> {
          o.withName("datapipeline");
          if (!config.watchNamespaces().isEmpty()) {
            o.settingNamespaces(config.watchNamespaces());
          }
          if (config.shardLabelSelector() != null) {
            // The informer lists and watches only this shard's pipelines (server-side filter).
            o.withLabelSelector(config.shardLabelSelector());
          }
        });
    OperatorApp started = new OperatorApp(operator, sessions, scheduler, metrics, stopping);
    started.client = client;
    started.lease = lease;
    app.set(started);
    try {
      if (config.healthPort() >= 0) {
        started.healthServer =
            new HealthServer(
                config.healthPort(),
                Map.<String, BooleanSupplier>of(
                    "/healthz",
                    () -> !started.closed && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                    "/readyz",
                    () -> !started.closed && operator.getRuntimeInfo().isStarted()),
                Map.of());
        started.servers.add(started.healthServer);
      }
      if (config.metricsPort() >= 0) {
        started.metricsServer =
            new HealthServer(config.metricsPort(), Map.of(), Map.of("/metrics", metrics::scrape));
        started.servers.add(started.metricsServer);
      }
      operator.start();
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    LOG.info(
        "operator started: TENANCY={}, region {}, namespaces {}, poll {}/{}",
        config.get(OperatorConfig.TENANCY),
        config.awsRegion(),
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.pollInterval(),
        config.fastPollInterval());
    if (lease != null) {
      LOG.info(
          "leader election: lease {}/{} as {} (duration {}, renew deadline {}, retry {})",
          lease.namespace(),
          LEASE_NAME,
          lease.identity(),
          config.leaseDuration(),
          config.renewDeadline(),
          config.retryPeriod());
    }
    return started;
  }

  /**
   * This replica lost the lease while running: another may reconcile already. In a pod, exit so
   * Kubernetes restarts it as a standby; embedded, stop reconciling.
   */
  private static void lostLease(OperatorConfig config, AtomicReference<OperatorApp> app) {
    if (config.exitOnInformerStop()) {
      System.exit(1);
    }
    OperatorApp running = app.get();
    if (running != null) {
      Thread stop = new Thread(running::close, "operator-lost-lease");
      stop.setDaemon(true);
      stop.start();
    }
  }

  /** True while this replica holds the lease (always false without leader election). */
  public boolean leading() {
    return lease != null && lease.leading();
  }

  /** This replica's identity in leader election, or null without it. */
  public String leaderIdentity() {
    return lease == null ? null : lease.identity();
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Total DescribeStacks polls made by the shared pollers. */
  public long polls() {
    return sessions.polls();
  }

  /** DescribeStacks sweeps by account and region ({@code <region>/<account>}). */
  public Map<String, Long> pollsByAccountAndRegion() {
    return sessions.pollsByAccountAndRegion();
  }

  /** The port /healthz and /readyz answer on (useful with port 0), or -1. */
  public int healthPort() {
    return healthServer == null ? -1 : healthServer.port();
  }

  /** The port /metrics answers on (useful with port 0), or -1. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  /**
   * A main's last step: blocks until the JVM shuts down (SIGTERM, Ctrl-C), then closes this
   * operator and {@code client}, the one it was started with.
   */
  public void awaitShutdown(KubernetesClient client) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  close();
                  client.close();
                  stopped.countDown();
                },
                "operator-shutdown"));
    stopped.await();
  }

  /** Stops reconciling (in-flight reconciles finish), the pollers, clients and endpoints. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopping.set(true);
    try {
      operator.stop(); // in-flight reconciles finish first
    } catch (RuntimeException e) {
      LOG.warn("stopping the operator framework failed", e);
    }
    if (lease != null && client != null) {
      lease.release(client);
    }
    sessions.close();
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    servers.forEach(HealthServer::close);
    if (client != null) {
      client.close();
    }
    LOG.info("operator stopped");
  }
}
