package io.datapipeline.sandbox;

import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.standins.MotoServer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every part of the sandbox, in dependency order, and stops them in reverse order: nothing
 * it started survives {@link #close()}, including when a later part fails to start.
 */
public final class SandboxRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxRuntime.class);

  private final SandboxConfig config;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private KubernetesApi kubernetes;
  private MotoServer moto;
  private LocalPostgres postgres;
  private AwsClients aws;
  private Path kubeconfig;
  private StateFile stateFile;
  private OperatorApp operator;
  private SandboxEvents events;
  private final Function<AwsClients, ConverterInvoker> converterFactory;
  private boolean closed;

  private SandboxRuntime(SandboxConfig config, Function<AwsClients, ConverterInvoker> converter) {
    this.config = config;
    this.converterFactory = converter;
  }

  /** Starts the sandbox with the real converter; on failure, stops what had started. */
  public static SandboxRuntime start(SandboxConfig config) {
    return start(config, InProcessConverter::new);
  }

  /** Starts the sandbox; on failure, stops what had started and rethrows. */
  static SandboxRuntime start(
      SandboxConfig config, Function<AwsClients, ConverterInvoker> converter) {
    SandboxRuntime runtime = new SandboxRuntime(config, converter);
    try {
      runtime.startAll();
      return runtime;
    } catch (RuntimeException | Error e) {
      runtime.close();
      throw e;
    }
  }

  private void startAll() {
    // moto (~2 s) and PostgreSQL (~3 s, longer on first unpack) start side by side.
    StateFile.claim(config.stateFile());
    LeftoverProcesses leftovers = new LeftoverProcesses(config.workDir());
    leftovers.endEarlierRun();
    CompletableFuture<MotoServer> motoStart =
        CompletableFuture.supplyAsync(
            () ->
                MotoServer.start(
                    MotoServer.Mode.fromEnvironment(), BootstrapRenderer.STACK_EVENTS_QUEUE));
    CompletableFuture<LocalPostgres> postgresStart =
        CompletableFuture.supplyAsync(() -> LocalPostgres.start(config.workDir()));
    RuntimeException failure = null;
    try {
      kubernetes = track(KubernetesApi.start());
      SandboxTenant.install(kubernetes.client(), config.region());
      kubeconfig = Kubeconfig.write(config.workDir().resolve("kubeconfig"), kubernetes.url());
    } catch (RuntimeException e) {
      failure = e;
    }
    // Always wait for both, so a failure in one never leaves the other running untracked.
    try {
      moto = track(join(motoStart));
    } catch (RuntimeException e) {
      failure = failure == null ? e : failure;
    }
    try {
      postgres = track(join(postgresStart));
    } catch (RuntimeException e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null) {
      throw failure;
    }
    // Tracked first, so cleared last: only after moto and PostgreSQL stopped.
    started.addLast(leftovers::clear);
    leftovers.record(motoPid(), postgres.pid());
    aws = track(new AwsClients(moto.endpoint()));
    // Before the operator: the events of its first stacks are published too.
    events =
        track(new SandboxEvents(moto.endpoint(), config.region(), moto.publishesStackEvents()));
    stateFile =
        new StateFile(
            config.stateFile(),
            new StateFile.State(
                kubernetes.url().toString(),
                kubeconfig.toString(),
                moto.endpoint().toString(),
                config.region(),
                AwsClients.ACCESS_KEY_ID,
                AwsClients.SECRET_ACCESS_KEY,
                postgres.host(),
                postgres.port(),
                ProcessHandle.current().pid(),
                Map.of()));
    track(stateFile::delete);
    stateFile.write();
    if (!config.externalOperator()) {
      operator =
          track(
              OperatorRunner.start(
                  kubernetes.client(), moto.endpoint(), config.region(), postgres.port()));
    }
    RdsStandIn databases = new RdsStandIn(postgres, aws, stateFile, config.region());
    track(
        new PipelineServices(
                new Pipelines(kubernetes.client()),
                databases,
                new UploadWatcher(aws, databases, converterFactory.apply(aws), config.region()),
                events,
                config.region(),
                kubernetes::forgetServedRequests)
            .start());
  }

  public SandboxConfig config() {
    return config;
  }

  public KubernetesApi kubernetes() {
    return kubernetes;
  }

  public MotoServer moto() {
    return moto;
  }

  public LocalPostgres postgres() {
    return postgres;
  }

  public AwsClients aws() {
    return aws;
  }

  /** The in-process operator; null with {@code --external-operator}. */
  OperatorApp operator() {
    return operator;
  }

  /** The stand-in publishing the EventBridge events moto does not. */
  SandboxEvents events() {
    return events;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public StateFile stateFile() {
    return stateFile;
  }

  /** Registers something to stop with the sandbox, before what was started earlier. */
  public <T extends AutoCloseable> T track(T resource) {
    if (resource != null) {
      synchronized (started) {
        started.push(resource);
      }
    }
    return resource;
  }

  @Override
  public void close() {
    synchronized (started) {
      if (closed) {
        return;
      }
      closed = true;
      while (!started.isEmpty()) {
        AutoCloseable resource = started.pop();
        try {
          resource.close();
        } catch (Exception e) {
          LOG.warn("stopping {} failed: {}", resource, e.toString());
        }
      }
    }
  }

  private long motoPid() {
    String port = ":" + moto.endpoint().getPort();
    String portArgument = "-p " + moto.endpoint().getPort();
    return ProcessHandle.current()
        .children()
        .filter(
            p -> {
              String line = p.info().commandLine().orElse("");
              return line.contains("moto_server")
                  && (line.contains(portArgument) || line.contains(port));
            })
        .findFirst()
        .map(ProcessHandle::pid)
        .orElseThrow(() -> new IllegalStateException("moto_server child not found"));
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }
}
