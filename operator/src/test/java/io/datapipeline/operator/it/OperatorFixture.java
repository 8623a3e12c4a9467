package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.render.StackPlan;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The operator end to end, as the ITs run it: the fabric8 mock API server (CRUD mode) as Kubernetes
 * with our CRDs installed, moto_server as AWS reached through the operator's default credential
 * chain, the operator started as the sandbox starts it and closed after each test, and the pipeline
 * reads every such test makes.
 *
 * <p>Registered as a static field after {@code @EnableKubernetesMockClient}, whose extension sets
 * the test class's static {@code client} before this one's {@code beforeAll} reads it:
 *
 * <pre>{@code
 * @EnableKubernetesMockClient(crud = true)
 * @ExtendWith(MotoExtension.class)
 * class SomeIT {
 *   static KubernetesClient client;
 *   @RegisterExtension static final OperatorFixture operator = new OperatorFixture(() -> client);
 * }
 * }</pre>
 */
final class OperatorFixture implements BeforeAllCallback, AfterEachCallback {

  static final String PIPELINE_CRD = "datapipelines.datapipeline.io-v1.yml";
  static final String TENANT_CRD = "datapipelinetenants.datapipeline.io-v1.yml";
  private static final Duration CONDITION_TIMEOUT = Duration.ofSeconds(90);

  /** How long {@link #edit} keeps retrying an edit that conflicts with the operator's writes. */
  private static final Duration EDIT_CONFLICT_TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<KubernetesClient> client;
  private final List<String> crds;
  private final List<OperatorApp> started = new ArrayList<>();
  private Duration conditionTimeout = CONDITION_TIMEOUT;

  /** Installs the DataPipeline CRD, or the {@code crds} files of ../crds when given. */
  OperatorFixture(Supplier<KubernetesClient> client, String... crds) {
    this.client = client;
    this.crds = crds.length == 0 ? List.of(PIPELINE_CRD) : List.of(crds);
  }

  /** How long {@link #awaitCondition} waits (the full examples' stacks take longer than 90 s). */
  OperatorFixture awaitingConditionsFor(Duration timeout) {
    this.conditionTimeout = timeout;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    useMotoCredentials();
    for (String crd : crds) {
      client()
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(
              Serialization.unmarshal(
                  Files.readString(Path.of("../crds", crd)), CustomResourceDefinition.class))
          .createOr(c -> c.update());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeOperators();
  }

  /**
   * Closes the operators this test started, the last first. After each test anyway; a test's own
   * {@code @AfterEach} that must find no operator running calls it first (JUnit runs those before
   * this extension's {@code afterEach}).
   */
  void closeOperators() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    started.clear();
  }

  /** The operator's AWS clients use the default credential chain; moto accepts any key. */
  static void useMotoCredentials() {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
  }

  KubernetesClient client() {
    return client.get();
  }

  /**
   * The settings every IT starts from: no probe or metrics port, TENANCY=Open (no
   * DataPipelineTenant: the pipelines act as their spec says), polls fast enough for a test, moto
   * as AWS, and only the test's namespaces watched (the other tests' pipelines stay in the shared
   * mock API server).
   */
  static OperatorConfig config(MotoAws aws, Set<String> namespaces) {
    return OperatorConfig.defaults()
        .embedded(-1, -1)
        .with(OperatorConfig.TENANCY, OperatorConfig.TENANCY_OPEN)
        .with(OperatorConfig.FAST_POLL_INTERVAL, Duration.ofMillis(250))
        .with(OperatorConfig.POLL_INTERVAL, Duration.ofSeconds(1))
        .with(OperatorConfig.AWS_ENDPOINT_URL, aws.endpoint().toString())
        .with(OperatorConfig.AWS_REGION, aws.region().id())
        .with(OperatorConfig.WATCH_NAMESPACES, namespaces);
  }

  /** {@code config} at the production poll intervals, for what measures the settled operator. */
  static OperatorConfig withDefaultPolls(OperatorConfig config) {
    OperatorConfig defaults = OperatorConfig.defaults();
    return config
        .with(OperatorConfig.POLL_INTERVAL, defaults.pollInterval())
        .with(OperatorConfig.FAST_POLL_INTERVAL, defaults.fastPollInterval());
  }

  /** Starts an operator on the mock API server; closed after the test. */
  OperatorApp start(
      OperatorConfig config,
      Function<DataPipeline, StackPlan> renderer,
      List<? extends ExecutionInterceptor> interceptors) {
    OperatorApp app =
        OperatorApp.start(
            config,
            client(),
            OperatorApp.Hooks.defaults(config)
                .withRenderer(renderer)
                .withInterceptors(List.copyOf(interceptors)));
    started.add(app);
    return app;
  }

  /** The example manifest {@code ../crds/examples/<example>.yaml}, not yet applied. */
  static DataPipeline example(String example) {
    try {
      return Serialization.unmarshal(
          Files.readString(Path.of("../crds/examples/" + example + ".yaml")), DataPipeline.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The minimal example, applied in {@code namespace} under a fresh name. */
  DataPipeline newPipeline(String namespace) {
    return newPipeline(namespace, p -> {});
  }

  /** The minimal example under a fresh name, changed by {@code customize}, applied. */
  DataPipeline newPipeline(String namespace, Consumer<DataPipeline> customize) {
    DataPipeline p = example("minimal");
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setName("orders-" + UUID.randomUUID().toString().substring(0, 8));
    customize.accept(p);
    return create(p);
  }

  DataPipeline create(DataPipeline p) {
    return client().resource(p).create();
  }

  /**
   * Changes the pipeline's manifest as a user's edit would (the mock API server runs no admission:
   * the manifest reaches the operator as written).
   *
   * <p>The edit carries the resourceVersion it read, and the running operator writes the status
   * meanwhile (a poll, a condition's transition), so the API server may answer 409 Conflict. Like
   * {@code kubectl edit}, the change is then applied again to a fresh read; any other failure, or
   * conflicts past {@link #EDIT_CONFLICT_TIMEOUT}, fail the test.
   */
  DataPipeline edit(DataPipeline p, Consumer<DataPipeline> change) {
    long deadline = System.nanoTime() + EDIT_CONFLICT_TIMEOUT.toNanos();
    while (true) {
      try {
        return resource(p)
            .edit(
                d -> {
                  change.accept(d);
                  return d;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /** The pipeline as the API server has it now, or null once it is gone. */
  DataPipeline current(DataPipeline p) {
    return resource(p).get();
  }

  private Resource<DataPipeline> resource(DataPipeline p) {
    return client()
        .resources(DataPipeline.class)
        .inNamespace(p.getMetadata().getNamespace())
        .withName(p.getMetadata().getName());
  }

  /** The pipeline's condition of {@code type}, or null while it has none. */
  Condition condition(DataPipeline p, String type) {
    DataPipeline now = current(p);
    if (now == null || now.getStatus() == null || now.getStatus().conditions == null) {
      return null;
    }
    return now.getStatus().conditions.stream()
        .filter(c -> type.equals(c.type))
        .findFirst()
        .orElse(null);
  }

  /** Waits until the pipeline's {@code type} condition has {@code status}, and returns it. */
  Condition awaitCondition(DataPipeline p, String type, String status) {
    await()
        .atMost(conditionTimeout)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Condition c = condition(p, type);
              assertThat(c).as(type + " of " + p.getMetadata().getName()).isNotNull();
              assertThat(c.status).as(type + ": " + c.reason + " " + c.message).isEqualTo(status);
            });
    return condition(p, type);
  }

  /**
   * How long a test waits for the operator to converge: every wait on the operator's progress uses
   * it, so one busy machine's slowness is allowed for in one place.
   */
  Duration convergenceTimeout() {
    return conditionTimeout;
  }

  /**
   * Waits until the operator's DescribeStacks sweeps have stopped: none for {@code quiet} (a few of
   * its fast poll intervals), so what a test counts from then on is what it causes. A fixed sleep
   * does not do on a busy machine, where a sweep that was due can start seconds late.
   */
  void awaitSweepsSettled(OperatorApp app, Duration quiet) {
    awaitUnchanged(app::polls, quiet);
  }

  /** Waits until {@code count} has not changed for {@code quiet}. */
  void awaitUnchanged(LongSupplier count, Duration quiet) {
    AtomicLong seen = new AtomicLong(count.getAsLong());
    AtomicLong changedAt = new AtomicLong(System.nanoTime());
    await()
        .atMost(conditionTimeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              long now = count.getAsLong();
              if (seen.getAndSet(now) != now) {
                changedAt.set(System.nanoTime());
                return false;
              }
              return System.nanoTime() - changedAt.get() >= quiet.toNanos();
            });
  }

  /** Waits until the pipeline is gone from the API server (its finalizer released). */
  void awaitGone(DataPipeline p) {
    await()
        .atMost(conditionTimeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> current(p) == null);
  }

  /** Waits until the pipeline is Ready, and returns it as it is then. */
  DataPipeline awaitReady(DataPipeline p) {
    awaitCondition(p, "Ready", "True");
    return current(p);
  }
}
