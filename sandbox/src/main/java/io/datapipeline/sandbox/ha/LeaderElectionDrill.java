package io.datapipeline.sandbox.ha;

import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.sandbox.MotoAdaptedOperator;
import io.datapipeline.sandbox.StateFile;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * TEST AND BENCHMARK ONLY: the high-availability drill of issue 17, against a sandbox started with
 * {@code --external-operator}. Replicas of the operator run as their own JVMs with leader election,
 * each behind its own {@link AwsRequestTap}, and the drill
 *
 * <ol>
 *   <li>applies the pipelines; the leader's first ExecuteChangeSet is held (its change set created,
 *       not executed) and the leader is killed with {@code kill -9} right then: mid-deploy;
 *   <li>once the standby has made every pipeline Ready, starts a new standby and kills the leader
 *       again: after Ready;
 *   <li>starts another standby and stops the leader with SIGTERM: a rolling update.
 * </ol>
 *
 * It measures, from each kill or SIGTERM, the time until the next replica acquired the lease (its
 * acquireTime), and checks that no standby called AWS before it led, that no stack got a second
 * CreateChangeSet or ExecuteChangeSet, and that no status went back. {@code bench/operator-ha.sh}
 * runs {@link #main}; {@code LeaderElectionE2E} asserts on {@link Result}.
 */
public final class LeaderElectionDrill {

  static final String LEASE_NAMESPACE = "default";
  static final String NAMESPACE = "sandbox";
  static final String LABEL = "drill";
  static final String LABEL_VALUE = "leader-election";

  /**
   * @param stateFile the sandbox's state file
   * @param jar the sandbox jar (the replicas' classpath)
   * @param manifest a pipeline manifest named {@code weather} (sandbox/examples/weather.yaml)
   * @param pipelines how many copies of it to apply
   * @param leaseDuration LEADER_ELECTION_LEASE_DURATION of every replica (and the others below)
   * @param logDir where each replica's log goes
   */
  public record Options(
      Path stateFile,
      Path jar,
      Path manifest,
      int pipelines,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      Path logDir,
      Duration readyTimeout) {}

  /**
   * What the drill saw. Durations are from the kill (or SIGTERM) to the event.
   *
   * @param midDeployTakeover the standby acquired the lease after the leader was killed mid-deploy
   * @param midDeployStatusWrite the next status write after that kill
   * @param readyTakeover the same after a kill with every pipeline Ready
   * @param readyFirstCall the new leader's first AWS request after that kill
   * @param gracefulHandover the standby acquired the lease after SIGTERM to the leader
   * @param gracefulExit the leader's JVM exited after SIGTERM
   * @param heldStack the stack whose change set was created, not executed, at the first kill
   * @param changeSetCalls CreateChangeSet and ExecuteChangeSet calls that reached moto, by stack
   * @param duplicateChangeSets such calls beyond one of each per stack
   * @param standbyCalls AWS calls made by a replica before it held the lease
   * @param mutatingAfterReady AWS calls that change something, made by the leader that took over
   *     ready pipelines
   * @param statusRegressions every status that went back
   */
  public record Result(
      Duration leaseDuration,
      Duration midDeployTakeover,
      Duration midDeployStatusWrite,
      Duration readyTakeover,
      Duration readyFirstCall,
      Duration gracefulHandover,
      Duration gracefulExit,
      String heldStack,
      Map<String, String> changeSetCalls,
      int duplicateChangeSets,
      List<String> standbyCalls,
      List<String> mutatingAfterReady,
      List<String> statusRegressions) {

    /** The worse of the two takeovers after kill -9. */
    public Duration takeover() {
      return midDeployTakeover.compareTo(readyTakeover) > 0 ? midDeployTakeover : readyTakeover;
    }

    /** The benchmark's line. */
    public String resultLine() {
      return String.format(
          Locale.ROOT,
          "RESULT takeover_s=%s lease_duration_s=%s graceful_handover_s=%s"
              + " duplicate_change_sets=%d",
          seconds(takeover()),
          seconds(leaseDuration),
          seconds(gracefulHandover),
          duplicateChangeSets);
    }
  }

  private final Options options;
  private final PrintStream log;
  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private final List<AwsRequestTap> taps = new ArrayList<>();
  private final Map<String, String> environment;
  private final URI moto;
  private int replicas;

  private LeaderElectionDrill(Options options, StateFile.State sandbox, PrintStream log) {
    this.options = options;
    this.log = log;
    this.moto = URI.create(sandbox.awsEndpoint());
    this.environment = new LinkedHashMap<>(MotoAdaptedOperator.environment(sandbox));
    environment.put("LEADER_ELECTION", "true");
    environment.put("LEADER_ELECTION_NAMESPACE", LEASE_NAMESPACE);
    environment.put("LEADER_ELECTION_LEASE_DURATION", options.leaseDuration().toMillis() + "ms");
    environment.put("LEADER_ELECTION_RENEW_DEADLINE", options.renewDeadline().toMillis() + "ms");
    environment.put("LEADER_ELECTION_RETRY_PERIOD", options.retryPeriod().toMillis() + "ms");
    // Both replicas would otherwise bind the same default ports on this one host.
    environment.put("HEALTH_PORT", "-1");
    environment.put("METRICS_PORT", "-1");
  }

  /** Runs the drill; every replica and tap it started is stopped when it returns. */
  public static Result run(Options options, PrintStream log) throws Exception {
    StateFile.State sandbox = StateFile.read(options.stateFile());
    LeaderElectionDrill drill = new LeaderElectionDrill(options, sandbox, log);
    Config config = Config.fromKubeconfig(Files.readString(Path.of(sandbox.kubeconfig())));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return drill.run(client);
    } finally {
      drill.closeAll();
    }
  }

  private Result run(KubernetesClient client) throws Exception {
    Files.createDirectories(options.logDir());
    Duration acquireWithin =
        options.leaseDuration().multipliedBy(2).plus(options.retryPeriod()).plusSeconds(30);
    ClusterSampler sampler =
        opened(
            new ClusterSampler(
                client.leases().inNamespace(LEASE_NAMESPACE).withName(OperatorApp.LEASE_NAME),
                client
                    .genericKubernetesResources("datapipeline.io/v1alpha1", "DataPipeline")
                    .inNamespace(NAMESPACE)
                    .withLabel(LABEL, LABEL_VALUE)));

    // 1. A leads, B stands by; A is killed with its first change set created, not executed.
    AwsRequestTap tapA = tap("ExecuteChangeSet");
    OperatorProcess a = replica(tapA);
    sampler.awaitHolder(a.identity(), acquireWithin);
    AwsRequestTap tapB = tap(null);
    OperatorProcess b = replica(tapB);
    say("%s leads, %s stands by", a.name(), b.name());
    apply(client);
    String heldStack =
        tapA.awaitHeld(options.readyTimeout())
            .orElseThrow(() -> new IllegalStateException("the leader executed no change set"));
    Instant killedA = Instant.now();
    a.kill();
    say("killed %s (kill -9) with the change set of %s created, not executed", a.name(), heldStack);
    Instant bLeads = sampler.awaitHolder(b.identity(), acquireWithin);
    sampler.awaitAllReady(options.pipelines(), options.readyTimeout());
    Duration statusWrite =
        Duration.between(
            killedA,
            sampler
                .firstStatusWriteAfter(killedA)
                .orElseThrow(() -> new IllegalStateException("no status write after the kill")));
    say(
        "%s took the lease after %s s; next status write after %s s; all Ready",
        b.name(), seconds(Duration.between(killedA, bLeads)), seconds(statusWrite));
    List<String> standbyCalls = new ArrayList<>(callsBefore(tapB, bLeads, b));

    // 2. C stands by; B, leading ready pipelines, is killed.
    AwsRequestTap tapC = tap(null);
    OperatorProcess c = replica(tapC);
    Instant killedB = Instant.now();
    b.kill();
    Instant cLeads = sampler.awaitHolder(c.identity(), acquireWithin);
    Instant firstCall = awaitFirstCall(tapC, acquireWithin);
    // Long enough for the restart's sweep and a reconcile of every pipeline.
    Thread.sleep(options.retryPeriod().multipliedBy(3).plusSeconds(10).toMillis());
    sampler.awaitAllReady(options.pipelines(), options.readyTimeout());
    say(
        "%s took the lease after %s s (first AWS call after %s s)",
        c.name(),
        seconds(Duration.between(killedB, cLeads)),
        seconds(Duration.between(killedB, firstCall)));
    standbyCalls.addAll(callsBefore(tapC, cLeads, c));
    List<String> mutatingAfterReady =
        tapC.calls().stream()
            .filter(AwsRequestTap.Call::mutating)
            .map(call -> c.name() + ": " + describe(call))
            .toList();

    // 3. D stands by; C gets SIGTERM as a rolling update sends it.
    AwsRequestTap tapD = tap(null);
    OperatorProcess d = replica(tapD);
    Instant terminatedC = Instant.now();
    boolean exited = c.terminate(acquireWithin);
    Duration gracefulExit = Duration.between(terminatedC, Instant.now());
    Instant dLeads = sampler.awaitHolder(d.identity(), acquireWithin);
    Duration handover = Duration.between(terminatedC, dLeads);
    say(
        "%s took the lease %s s after SIGTERM to %s (which %s after %s s)",
        d.name(),
        seconds(handover),
        c.name(),
        exited ? "exited" : "had not exited",
        seconds(gracefulExit));
    standbyCalls.addAll(callsBefore(tapD, dLeads, d));
    d.terminate(Duration.ofSeconds(30));

    Map<String, String> changeSetCalls = changeSetCalls();
    Result result =
        new Result(
            options.leaseDuration(),
            Duration.between(killedA, bLeads),
            statusWrite,
            Duration.between(killedB, cLeads),
            Duration.between(killedB, firstCall),
            handover,
            gracefulExit,
            heldStack,
            changeSetCalls,
            duplicates(),
            standbyCalls,
            mutatingAfterReady,
            sampler.regressions());
    say("change set calls by stack (create/execute): %s", changeSetCalls);
    say("standby calls: %s", standbyCalls);
    say("mutating calls after the after-Ready takeover: %s", mutatingAfterReady);
    say("status regressions: %s", result.statusRegressions());
    return result;
  }

  private void apply(KubernetesClient client) throws IOException {
    if (client.namespaces().withName(NAMESPACE).get() == null) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
    }
    String example = Files.readString(options.manifest(), StandardCharsets.UTF_8);
    String head = "metadata:\n  name: weather\n";
    if (!example.contains(head)) {
      throw new IllegalArgumentException(options.manifest() + " names no pipeline `weather`");
    }
    for (int i = 1; i <= options.pipelines(); i++) {
      String named =
          example.replace(
              head,
              String.format(
                  Locale.ROOT,
                  "metadata:\n  name: ha-%02d\n  labels:\n    %s: %s\n",
                  i,
                  LABEL,
                  LABEL_VALUE));
      client.resource(named).create();
    }
    say("applied %d pipelines", options.pipelines());
  }

  private AwsRequestTap tap(String holdAction) throws IOException {
    AwsRequestTap tap = opened(new AwsRequestTap(moto, holdAction));
    taps.add(tap);
    return tap;
  }

  private OperatorProcess replica(AwsRequestTap tap) throws IOException, InterruptedException {
    String name = String.valueOf((char) ('a' + replicas++));
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put("AWS_ENDPOINT_URL", tap.endpoint().toString());
    OperatorProcess replica =
        opened(OperatorProcess.start(name, options.jar(), env, options.logDir()));
    say("replica %s started as %s (log %s)", name, replica.identity(), replica.log());
    return replica;
  }

  private static Instant awaitFirstCall(AwsRequestTap tap, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<AwsRequestTap.Call> calls = tap.calls();
      if (!calls.isEmpty()) {
        return calls.get(0).at();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the new leader made no AWS call within " + timeout);
  }

  private static List<String> callsBefore(AwsRequestTap tap, Instant leads, OperatorProcess p) {
    return tap.calls().stream()
        .filter(call -> call.at().isBefore(leads))
        .map(call -> p.name() + " before it led: " + describe(call))
        .toList();
  }

  /** Per stack: CreateChangeSet and ExecuteChangeSet calls moto answered with success. */
  private Map<String, String> changeSetCalls() {
    Map<String, int[]> counts = new TreeMap<>();
    for (AwsRequestTap tap : taps) {
      for (AwsRequestTap.Call call : tap.calls()) {
        if (!call.forwarded() || call.status() >= 300) {
          continue;
        }
        int slot =
            switch (call.action()) {
              case "CreateChangeSet" -> 0;
              case "ExecuteChangeSet" -> 1;
              default -> -1;
            };
        if (slot >= 0) {
          counts.computeIfAbsent(call.stackName(), s -> new int[2])[slot]++;
        }
      }
    }
    Map<String, String> shown = new TreeMap<>();
    counts.forEach((stack, n) -> shown.put(stack, n[0] + "/" + n[1]));
    return shown;
  }

  private int duplicates() {
    int duplicates = 0;
    for (String calls : changeSetCalls().values()) {
      for (String n : calls.split("/")) {
        duplicates += Math.max(0, Integer.parseInt(n) - 1);
      }
    }
    return duplicates;
  }

  private static String describe(AwsRequestTap.Call call) {
    return call.service()
        + " "
        + call.action()
        + (call.stackName().isEmpty() ? "" : " " + call.stackName())
        + (call.forwarded() ? " -> " + call.status() : " (held)");
  }

  private <T extends AutoCloseable> T opened(T resource) {
    open.push(resource);
    return resource;
  }

  private void closeAll() {
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        log.println("closing: " + e);
      }
    }
  }

  private void say(String format, Object... args) {
    log.printf(
        Locale.ROOT, "[drill %s] %s%n", Instant.now(), String.format(Locale.ROOT, format, args));
    log.flush();
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }

  /**
   * {@code --state-file F --jar J --manifest M [--pipelines N] [--log-dir D]}; the lease timings
   * from LEADER_ELECTION_LEASE_DURATION, _RENEW_DEADLINE, _RETRY_PERIOD (the operator's defaults
   * when unset). Prints the progress on stderr and the RESULT line on stdout.
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "sandbox-logback.xml"); // as Sandbox.main
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        usage("unexpected " + args[i]);
      }
      flags.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) {
      usage("a flag without a value");
    }
    for (String required : List.of("state-file", "jar", "manifest")) {
      if (!flags.containsKey(required)) {
        usage("--" + required + " is required");
      }
    }
    OperatorConfig timings = OperatorConfig.fromEnvironment();
    Options options =
        new Options(
            Path.of(flags.get("state-file")),
            Path.of(flags.get("jar")),
            Path.of(flags.get("manifest")),
            Integer.parseInt(flags.getOrDefault("pipelines", "1")),
            timings.leaseDuration(),
            timings.renewDeadline(),
            timings.retryPeriod(),
            Path.of(flags.getOrDefault("log-dir", ".")),
            Duration.ofSeconds(Long.parseLong(flags.getOrDefault("ready-timeout-s", "600"))));
    Result result = run(options, System.err);
    System.out.println(result.resultLine());
    System.exit(0);
  }

  private static void usage(String problem) {
    System.err.println(
        problem
            + "\nusage: LeaderElectionDrill --state-file F --jar J --manifest M [--pipelines N]"
            + " [--log-dir D] [--ready-timeout-s S]");
    System.exit(2);
  }
}
