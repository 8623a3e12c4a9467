package io.datapipeline.operator.aws;

import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.metrics.OperatorMetrics;
import io.datapipeline.operator.observe.StackEventListener;
import io.datapipeline.operator.observe.StackPoller;
import io.datapipeline.operator.observe.StackQuota;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.operator.ports.AwsSessions;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.operator.ports.StackQuotaUsage;
import io.datapipeline.operator.threads.DaemonThreads;
import io.datapipeline.render.BootstrapRenderer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Real AWS sessions, one per {@link AwsTarget}, built once. A session is its credentials (the
 * operator's own, shared by every pipeline using it; or STS AssumeRole of the pipeline's granted
 * role, one session per pipeline named {@code dp-<namespace>-<name>}, tagged with them and sent
 * with the tenant's ExternalId), named on each of its requests; the SDK clients (standard retries
 * with backoff, timeouts) are shared by every session of an account and region ({@link
 * AccountClients}).
 *
 * <p>Observation is per account and region, not per session: one {@link StackPoller} (one
 * DescribeStacks sweep per interval) and one {@link StackEventListener} (one long poll) serve every
 * session whose stacks live there, the account being the role ARN's or the operator's own. They
 * read with whichever session of that account and region is in use at the moment of the call,
 * preferring the operator's own identity: every such session is a role granted for that account and
 * region, and a sweep keeps only the operator's stacks ({@code dp-} names and the bootstrap stack),
 * so what one tenant's role lists serves as much as, and no more than, what each pipeline reads of
 * its own stacks. A pipeline's own calls (deploys, the targeted read of a stack it just changed,
 * dashboards) keep going through its own session. A session closed (its grant revoked, its
 * pipelines gone) is never read with again.
 *
 * <p>The cache is bounded by use: a session no pipeline uses any more (suspended, refused, deleted)
 * is closed at once, and at most {@link #MAX_IDLE} sessions are kept beyond those in use.
 */
public final class SdkAwsSessions implements AwsSessions, AutoCloseable {

  private final AwsClientSettings config;
  private final OperatorMetrics metrics;
  private final List<ExecutionInterceptor> interceptors;
  private final ScheduledExecutorService scheduler;
  private final Consumer<Set<StackView>> onStacksChanged;
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();

  /**
   * The timers of every client's call and attempt timeouts. Left to itself, each SDK client starts
   * a scheduler of its own: eight clients per session and a session per pipeline made 914 threads
   * at 100 pipelines (the operator's RSS grew with them). Shared, the SDK neither starts nor closes
   * one per client.
   */
  private final ScheduledExecutorService sdkTimers =
      Executors.newScheduledThreadPool(SDK_TIMER_THREADS, DaemonThreads.named("aws-sdk-timers"));

  private final AwsCredentialsProvider baseCredentials;
  private final Map<AwsTarget, Opened> sessions = new ConcurrentHashMap<>();
  private final Map<AwsTarget, Set<String>> users = new ConcurrentHashMap<>();
  private final Map<String, CallBudget> budgets = new ConcurrentHashMap<>();

  /**
   * The shared SDK clients per account and region (as {@link #budgets} and {@link #observations}:
   * {@code <region>/<account>}); see {@link AccountClients}.
   */
  private final Map<String, AccountClients> clients = new ConcurrentHashMap<>();

  /**
   * Open sessions per account and region key, kept beside {@link #sessions} under {@link #lock}:
   * {@link #release} closes a key's clients when its count reaches zero without scanning every open
   * session (deleting 10,000 pipelines one by one scanned 10,000 sessions each).
   */
  private final SessionCounts openPerKey = new SessionCounts();

  private final Map<String, Observation> observations = new ConcurrentHashMap<>();

  /** The one sweep and the one stack-events long poll of an account and region. */
  private record Observation(StackPoller poller, StackEventListener listener, StackQuota quota) {}

  private final Object lock = new Object();

  /** Session tags on every AssumeRole: trust policies can condition on them. */
  public static final String NAMESPACE_TAG = "datapipeline.io/namespace";

  public static final String NAME_TAG = "datapipeline.io/name";

  /**
   * The budget of the one call made before an account is known: GetCallerIdentity, once, to learn
   * the operator's own.
   */
  private static final String IDENTITY_BUDGET = "operator identity";

  /** Threads of the shared timeout scheduler: timers only, the calls run on their own threads. */
  static final int SDK_TIMER_THREADS = 2;

  /** Sessions kept open without a user (opened, then never marked in use). */
  static final int MAX_IDLE = 64;

  private volatile String ownAccount;

  /**
   * An open session: its adapters over the shared clients of its account and region ({@code
   * observationKey}), and what it holds of its own (an assumed role's credentials provider), closed
   * with it.
   */
  private record Opened(
      AwsSession session,
      String observationKey,
      SdkCloudFormationApi cloudFormation,
      SqsReader sqs,
      List<AutoCloseable> resources) {}

  /**
   * @param interceptors added to every client after the operator's own (tests inject throttling and
   *     count calls here)
   * @param onStacksChanged told which stacks a poll saw change
   */
  public SdkAwsSessions(
      AwsClientSettings config,
      OperatorMetrics metrics,
      List<ExecutionInterceptor> interceptors,
      ScheduledExecutorService scheduler,
      Consumer<Set<StackView>> onStacksChanged) {
    this.config = config;
    this.metrics = metrics;
    this.interceptors = List.copyOf(interceptors);
    this.scheduler = scheduler;
    this.onStacksChanged = onStacksChanged;
    this.baseCredentials = DefaultCredentialsProvider.builder().build();
    metrics.stacksByStatus(this::stacksByStatus);
  }

  @Override
  public AwsSession forTarget(AwsTarget target) {
    Opened known = sessions.get(target);
    if (known != null) {
      return known.session();
    }
    // Before the lock: the operator's own account may take one STS call (then remembered).
    String key = observationKey(target);
    synchronized (lock) {
      Opened opened = sessions.get(target);
      if (opened == null) {
        dropIdleBeyond(MAX_IDLE - 1);
        refreshIfIdle(key);
        opened = open(target, key);
        sessions.put(target, opened);
        openPerKey.opened(key);
      }
      return opened.session();
    }
  }

  /**
   * The assumed role's account, or the operator's own (STS GetCallerIdentity, asked once: the
   * operator's credentials do not change account while it runs).
   */
  @Override
  public String accountOf(AwsTarget target) {
    Optional<String> assumed = target.roleAccount();
    if (assumed.isPresent()) {
      return assumed.get();
    }
    String account = ownAccount;
    if (account == null) {
      try (StsClient sts =
          configure(
                  StsClient.builder(),
                  target.region(),
                  IDENTITY_BUDGET,
                  baseCredentials,
                  AccountClients.ATTEMPT_TIMEOUT)
              .build()) {
        account = sts.getCallerIdentity().account();
      } catch (SdkException e) {
        throw AwsErrors.classify("GetCallerIdentity", e);
      }
      ownAccount = account;
    }
    return account;
  }

  @Override
  public void inUse(AwsTarget target, String uid, boolean active) {
    synchronized (lock) {
      Set<String> set = users.computeIfAbsent(target, t -> ConcurrentHashMap.newKeySet());
      if (active) {
        Opened opened = sessions.get(target);
        if (set.isEmpty() && opened != null) {
          refreshIfIdle(opened.observationKey());
        }
        set.add(uid);
      } else {
        set.remove(uid);
        if (set.isEmpty()) {
          users.remove(target);
          // Nobody needs it: stop its poller and close its clients (and its STS credentials).
          Opened opened = sessions.remove(target);
          if (opened != null) {
            release(opened);
          }
        }
      }
    }
  }

  /** Open sessions (for tests and the benchmark). */
  public int openSessions() {
    return sessions.size();
  }

  private void dropIdleBeyond(int keep) {
    List<AwsTarget> idle =
        sessions.keySet().stream().filter(t -> users.getOrDefault(t, Set.of()).isEmpty()).toList();
    for (int i = 0; i < idle.size() - keep; i++) {
      release(sessions.remove(idle.get(i)));
    }
  }

  private Opened open(AwsTarget target, String key) {
    AccountClients shared = clients.computeIfAbsent(key, k -> newClients(target.region(), k));
    List<AutoCloseable> resources = new ArrayList<>();
    SessionCredentials as = credentials(target, shared, resources);
    SdkCloudFormationApi api =
        new SdkCloudFormationApi(shared.cloudFormation, as, metrics::throttled);
    StackPoller poller = observation(key).poller();
    String s3Endpoint =
        config.endpointUrl() != null
            ? config.endpointUrl()
            : "https://s3." + target.region() + ".amazonaws.com";
    AwsSession session =
        new AwsSession(
            target,
            key,
            api,
            poller.readingWith(api),
            new S3ArtifactStore(shared.s3, as, s3Endpoint),
            new SdkDashboardReader(shared.ecs, shared.autoScaling, as),
            new SdkDataPathReader(
                new CloudWatchMetricSource(shared.cloudWatch, as),
                new SqsReader(shared.sqs, as),
                Clock.systemUTC(),
                config.queueAttributesInterval()),
            new SdkDatabaseSnapshots(shared.rds, as));
    return new Opened(session, key, api, new SqsReader(shared.sqs, as), resources);
  }

  /**
   * The clients of an account and region ({@code key}). They sign with no default: every session
   * names its credentials on each request (the operator's own, or an assumed role's), so a request
   * that named none fails rather than go out as the operator. Their STS client assumes the roles as
   * the operator.
   */
  private AccountClients newClients(String region, String key) {
    AccountClients.Configurer configurer =
        new AccountClients.Configurer() {
          @Override
          public <B extends AwsClientBuilder<B, ?>> B configure(
              B builder, AwsCredentialsProvider credentials, Duration attemptTimeout) {
            return SdkAwsSessions.this.configure(builder, region, key, credentials, attemptTimeout);
          }
        };
    return new AccountClients(configurer, key, baseCredentials, config.endpointUrl() != null);
  }

  /**
   * The observation of an account and region (key {@code <region>/<account>}), started by its first
   * session and shared by every later one.
   */
  private Observation observation(String key) {
    return observations.computeIfAbsent(
        key,
        k -> {
          StackPoller poller = new StackPoller(() -> reader(k).cloudFormation(), () -> anyInUse(k));
          poller.keepOnly(SdkAwsSessions::operatorStack);
          poller.addListener(onStacksChanged);
          StackEventListener listener =
              new StackEventListener(
                  new SqsStackEventQueue(
                      () -> reader(k).sqs(), BootstrapRenderer.STACK_EVENTS_QUEUE),
                  () -> anyInUse(k),
                  config.fastPollInterval(),
                  config.pollInterval());
          poller.sweepLongWhile(
              listener::healthy, config.sweepInterval(), config.sweepMaxInterval());
          listener.addEventTarget(poller::onEvents);
          StackQuota quota =
              new StackQuota(
                  () -> reader(k).cloudFormation(),
                  poller::sweptStacks,
                  config.stackQuotaWarningPercent(),
                  Clock.systemUTC(),
                  k);
          AtomicReference<Optional<Boolean>> nearing = new AtomicReference<>(Optional.empty());
          poller.afterSweep(
              () ->
                  scheduler.execute(
                      () -> {
                        quota.refreshIfDue();
                        Optional<Boolean> now = quota.usage().map(StackQuotaUsage::nearing);
                        if (now.isPresent() && !nearing.getAndSet(now).equals(now)) {
                          // First known, or crossed: every pipeline here gets the news, not only
                          // those whose stacks moved.
                          onStacksChanged.accept(poller.known());
                        }
                      }));
          poller.start(scheduler, config.pollInterval(), config.fastPollInterval());
          listener.start("stack-events " + k);
          return new Observation(poller, listener, quota);
        });
  }

  /**
   * An observation nobody used made no calls meanwhile: its cache is old and events were missed, so
   * the first read after sweeps again rather than answer from it.
   */
  private void refreshIfIdle(String key) {
    Observation o = observations.get(key);
    if (o != null && !anyInUse(key)) {
      o.poller().forget();
    }
  }

  /** The operator's stacks: what a sweep keeps (the rest of the account is counted only). */
  static boolean operatorStack(String stackName) {
    return stackName.startsWith(BootstrapRenderer.STACK_NAME_PREFIX)
        || stackName.equals(BootstrapRenderer.STACK_NAME);
  }

  /**
   * The session an observation reads with now: one in use in its account and region, the operator's
   * own identity first. Asked at each call, so a session closed is never used again.
   */
  private Opened reader(String key) {
    Opened chosen = null;
    for (Map.Entry<AwsTarget, Opened> e : sessions.entrySet()) {
      Opened o = e.getValue();
      if (!o.observationKey().equals(key) || users.getOrDefault(e.getKey(), Set.of()).isEmpty()) {
        continue;
      }
      if (e.getKey().roleArn() == null) {
        return o;
      }
      if (chosen == null) {
        chosen = o;
      }
    }
    if (chosen == null) {
      throw new CloudFormationException(
          CloudFormationException.Kind.RETRYABLE,
          "DescribeStacks",
          "no session of " + key + " is in use to read with");
    }
    return chosen;
  }

  /** {@code <region>/<account>}: the role ARN's account, or the operator's own (asked once). */
  private String observationKey(AwsTarget target) {
    return target.region() + "/" + accountOf(target);
  }

  /**
   * What the target's requests sign with: the operator's own credentials, or the target's role
   * assumed through the account's STS client, whose provider goes to {@code held} to be closed with
   * the session.
   */
  private SessionCredentials credentials(
      AwsTarget target, AccountClients shared, List<AutoCloseable> held) {
    if (target.roleArn() == null) {
      return SessionCredentials.of(baseCredentials);
    }
    StsAssumeRoleCredentialsProvider assumed =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(shared.sts)
            .refreshRequest(assumeRole(target))
            .asyncCredentialUpdateEnabled(false)
            .build();
    held.add(assumed);
    return SessionCredentials.of(assumed);
  }

  /** The AssumeRole request for a target: session name, session tags, ExternalId. */
  static AssumeRoleRequest assumeRole(AwsTarget target) {
    AssumeRoleRequest.Builder request = AssumeRoleRequest.builder().roleArn(target.roleArn());
    if (target.caller() != null) {
      request
          .roleSessionName(SessionNames.of(target.caller().namespace(), target.caller().name()))
          .tags(
              Tag.builder().key(NAMESPACE_TAG).value(target.caller().namespace()).build(),
              Tag.builder().key(NAME_TAG).value(target.caller().name()).build());
    } else {
      request.roleSessionName("datapipeline-operator");
    }
    if (target.externalId() != null) {
      request.externalId(target.externalId());
    }
    return request.build();
  }

  /**
   * Every client of every service passes here: counted (requests by operation, throttled attempts)
   * and held to the call budget of its account and region.
   */
  private <B extends AwsClientBuilder<B, ?>> B configure(
      B builder,
      String region,
      String budgetKey,
      AwsCredentialsProvider credentials,
      Duration attemptTimeout) {
    ClientOverrideConfiguration.Builder overrides =
        ClientOverrideConfiguration.builder()
            // Standard mode: exponential backoff with jitter, throttling retried with a longer
            // base delay; what still fails is classified by AwsErrors.
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(5).build())
            .apiCallAttemptTimeout(attemptTimeout)
            .apiCallTimeout(Duration.ofSeconds(90));
    overrides
        .scheduledExecutorService(sdkTimers)
        .addExecutionInterceptor(new BudgetInterceptor(budget(budgetKey), metrics))
        .addExecutionInterceptor(new CallCounter(metrics))
        .addMetricPublisher(new ThrottleCounter(metrics));
    interceptors.forEach(overrides::addExecutionInterceptor);
    builder
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .overrideConfiguration(overrides.build());
    if (config.endpointUrl() != null) {
      builder.endpointOverride(URI.create(config.endpointUrl()));
    }
    if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http);
    }
    return builder;
  }

  /**
   * The budget shared by every client of an account and region ({@code <region>/<account>}: the
   * assumed role's account or the operator's own, whatever the credentials), so that a role into
   * the operator's own account spends the same budget as the operator's own identity there.
   */
  CallBudget budget(String key) {
    return budgets.computeIfAbsent(
        key, k -> new CallBudget(config.callsPerSecond(), config.callBurst()));
  }

  /** Whether an open session of this account/region has a pipeline that needs it now. */
  private boolean anyInUse(String key) {
    return sessions.entrySet().stream()
        .anyMatch(
            e ->
                e.getValue().observationKey().equals(key)
                    && !users.getOrDefault(e.getKey(), Set.of()).isEmpty());
  }

  /** Stacks per status over every account/region, for the datapipeline_stacks gauge. */
  private Map<String, Long> stacksByStatus() {
    Map<String, Long> counts = new TreeMap<>();
    observations
        .values()
        .forEach(o -> o.poller().countByStatus().forEach((k, v) -> counts.merge(k, v, Long::sum)));
    return counts;
  }

  /** Total DescribeStacks sweeps, for the benchmark. */
  public long polls() {
    return observations.values().stream().mapToLong(o -> o.poller().polls()).sum();
  }

  @Override
  public Optional<StackQuotaUsage> stackQuota(AwsTarget target) {
    Opened opened = sessions.get(target);
    Observation o = opened == null ? null : observations.get(opened.observationKey());
    return o == null ? Optional.empty() : o.quota().usage();
  }

  /** DescribeStacks sweeps per account and region ({@code <region>/<account>}), for tests. */
  public Map<String, Long> pollsByAccountAndRegion() {
    Map<String, Long> polls = new TreeMap<>();
    observations.forEach((k, o) -> polls.put(k, o.poller().polls()));
    return polls;
  }

  @Override
  public void close() {
    synchronized (lock) {
      sessions.values().forEach(SdkAwsSessions::closeOwn);
      sessions.clear();
      openPerKey.clear();
      clients.values().forEach(AccountClients::close);
      clients.clear();
    }
    for (Observation o : observations.values()) {
      o.listener().close();
      o.poller().close();
    }
    observations.clear();
    http.close();
    sdkTimers.shutdownNow();
  }

  /**
   * Closes a session taken out of {@link #sessions}, and its account's clients when no open session
   * uses them any more. Called under {@link #lock}.
   */
  private void release(Opened o) {
    closeOwn(o);
    if (openPerKey.closed(o.observationKey())) {
      AccountClients unused = clients.remove(o.observationKey());
      if (unused != null) {
        unused.close();
      }
    }
  }

  private static void closeOwn(Opened o) {
    o.resources().forEach(AccountClients::closeQuietly);
  }

  /** The shared client sets open now (one per account and region in use), for tests. */
  public int openClientSets() {
    return clients.size();
  }
}
