package io.datapipeline.standins;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} child process on a free loopback port: the stand-in for every AWS API in
 * tests and the sandbox.
 */
public final class MotoServer implements AutoCloseable {

  /** moto's fixed account id; any access key is accepted. */
  public static final String ACCOUNT_ID = "123456789012";

  private static final String FIDELITY_FIXES = "/moto/sitecustomize.py";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** What {@code sitecustomize.py} prints once its scale mode is installed. */
  static final String SCALE_MODE_BANNER = "moto SCALE MODE on";

  /** What {@code sitecustomize.py} prints once scale mode's stack events are installed. */
  static final String STACK_EVENTS_BANNER = "moto publishes dp- stacks' status changes";

  /** The variable naming the queue scale mode publishes stack events to. */
  static final String STACK_EVENTS_QUEUE_VARIABLE = "DATAPIPELINE_MOTO_STACK_EVENTS_QUEUE";

  private final Process process;
  private final URI endpoint;
  private final Path log;
  private final Mode mode;
  private final Optional<String> stackEventsQueue;

  private MotoServer(
      Process process, URI endpoint, Path log, Mode mode, Optional<String> stackEventsQueue) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
    this.mode = mode;
    this.stackEventsQueue = stackEventsQueue;
  }

  /**
   * How moto runs. {@link #FIDELITY} (the default) is moto with the change-set fixes only. {@link
   * #SCALE} is a STAND-IN FOR SCALE RUNS: the same fixes plus {@code moto/sitecustomize.py}'s scale
   * mode, which makes moto's own cost per request independent of how many stacks it holds (indexes
   * by name, JSON templates read as JSON, routing computed once) and pages DescribeStacks by 100
   * stacks as AWS does; what the operator's requests get back is unchanged. For {@code
   * bench/operator-scale.sh AWS=fast}; tests keep {@link #FIDELITY}.
   */
  public enum Mode {
    FIDELITY,
    SCALE;

    /** The variable moto_server's {@code sitecustomize.py} reads. */
    public static final String VARIABLE = "DATAPIPELINE_MOTO_SCALE_MODE";

    /** {@link #SCALE} when this process has {@code DATAPIPELINE_MOTO_SCALE_MODE=1}. */
    public static Mode fromEnvironment() {
      return "1".equals(System.getenv(VARIABLE)) ? SCALE : FIDELITY;
    }
  }

  /**
   * Starts {@code moto_server} (from {@code $MOTO_SERVER} or the {@code PATH}) in the mode this
   * process's environment asks for ({@link Mode#fromEnvironment()}: the sandbox started by {@code
   * bench/operator-scale.sh AWS=fast}) and waits until it answers.
   *
   * @throws IllegalStateException when the executable is missing or the server does not come up,
   *     with the server's own output in the message
   */
  public static MotoServer start() {
    return start(Mode.fromEnvironment());
  }

  /**
   * Starts {@code moto_server} in {@code mode} and waits until it answers.
   *
   * @throws IllegalStateException as {@link #start()}
   */
  public static MotoServer start(Mode mode) {
    return start(mode, Optional.empty());
  }

  /**
   * Starts {@code moto_server} in {@code mode}; in {@link Mode#SCALE} moto itself also publishes
   * every status change of a {@code dp-} stack to the SQS queue {@code stackEventsQueue} (of the
   * stack's account and region, once it exists), as the bootstrap stack's EventBridge rule would
   * deliver it, so that the events stand-in need not sweep moto's stacks ({@link
   * #publishesStackEvents()}). In {@link Mode#FIDELITY} the queue is ignored: tests keep moto
   * unchanged and the stand-in's sweep.
   *
   * @throws IllegalStateException as {@link #start()}
   */
  public static MotoServer start(Mode mode, String stackEventsQueue) {
    return start(mode, Optional.of(stackEventsQueue).filter(queue -> mode == Mode.SCALE));
  }

  private static MotoServer start(Mode mode, Optional<String> stackEventsQueue) {
    String executable = System.getenv().getOrDefault("MOTO_SERVER", "moto_server");
    int port = freeLoopbackPort();
    try {
      Path log = Files.createTempFile("moto-server-", ".log");
      List<String> command = new ArrayList<>(List.of(executable, "-H", "127.0.0.1", "-p"));
      command.add(Integer.toString(port));
      Process process;
      try {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PYTHONPATH", pythonPathWithFidelityFixes());
        if (mode == Mode.SCALE) {
          builder.environment().put(Mode.VARIABLE, "1");
        } else {
          builder.environment().remove(Mode.VARIABLE);
        }
        builder.environment().remove(STACK_EVENTS_QUEUE_VARIABLE);
        stackEventsQueue.ifPresent(q -> builder.environment().put(STACK_EVENTS_QUEUE_VARIABLE, q));
        process =
            builder
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot start '"
                + executable
                + "': install it with `pip install \"moto[server]==5.2.1\"`"
                + " or point $MOTO_SERVER at it",
            e);
      }
      MotoServer server =
          new MotoServer(
              process, URI.create("http://127.0.0.1:" + port), log, mode, stackEventsQueue);
      server.awaitReady();
      server.requireMode();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every moto_server we start loads {@code moto/sitecustomize.py} (Python imports it at start):
   * the documented fixes for moto 5.2.1's change-set gaps, so that tests and the sandbox deploy
   * through change sets as the operator does in AWS. moto is otherwise unchanged.
   */
  private static String pythonPathWithFidelityFixes() throws IOException {
    requireOneVersionOfTheFixes();
    Path dir = Files.createTempDirectory("moto-fixes-");
    try (InputStream in = MotoServer.class.getResourceAsStream(FIDELITY_FIXES)) {
      if (in == null) {
        throw new IllegalStateException(FIDELITY_FIXES + " missing from the classpath");
      }
      Files.copy(in, dir.resolve("sitecustomize.py"));
    }
    dir.toFile().deleteOnExit();
    dir.resolve("sitecustomize.py").toFile().deleteOnExit();
    String existing = System.getenv("PYTHONPATH");
    return existing == null || existing.isBlank()
        ? dir.toString()
        : dir + File.pathSeparator + existing;
  }

  /**
   * Every copy of the fixes on the classpath must be the same: a stale copy earlier on the
   * classpath (a {@code target/classes/moto/sitecustomize.py} of a module that held them once,
   * which incremental builds never delete) would be the one loaded, and moto would silently run
   * without the current fixes. Identical copies (aws-standins inside a shaded jar) are fine.
   */
  private static void requireOneVersionOfTheFixes() throws IOException {
    Map<String, String> copies = new LinkedHashMap<>();
    for (URL url :
        Collections.list(
            MotoServer.class.getClassLoader().getResources(FIDELITY_FIXES.substring(1)))) {
      try (InputStream in = url.openStream()) {
        copies.put(url.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    if (copies.values().stream().distinct().count() > 1) {
      throw new IllegalStateException(
          FIDELITY_FIXES
              + " is on the classpath in different versions (a stale build output?): "
              + copies.keySet()
              + "; only aws-standins may hold it. Run a clean build.");
    }
  }

  /** The HTTP endpoint to pass to {@code endpointOverride}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Wipes every resource in every service: call between tests. */
  public void reset() {
    int code = post("/moto-api/reset");
    if (code / 100 != 2) {
      throw new IllegalStateException("moto reset answered HTTP " + code);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "moto_server exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpURLConnection connection = open("/moto-api/");
        connection.setRequestMethod("GET");
        if (connection.getResponseCode() > 0) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet: poll again shortly.
      }
      sleep(Duration.ofMillis(100));
    }
    close();
    throw new IllegalStateException(
        "moto_server did not answer within " + START_TIMEOUT + ":\n" + logTail());
  }

  /**
   * A scale run on moto without its scale mode (the fixes not loaded, another sitecustomize first
   * on PYTHONPATH) would measure moto's linear scans, not the operator: refuse it.
   */
  private void requireMode() {
    if (mode == Mode.SCALE && !logContains(SCALE_MODE_BANNER)) {
      close();
      throw new IllegalStateException(
          "moto_server was asked for scale mode but did not report it installed:\n" + logTail());
    }
    if (stackEventsQueue.isPresent() && !logContains(STACK_EVENTS_BANNER)) {
      close();
      throw new IllegalStateException(
          "moto_server was asked to publish stack events but did not report it installed:\n"
              + logTail());
    }
  }

  /**
   * Whether moto itself publishes the {@code dp-} stacks' status changes (scale mode started with a
   * queue): an events stand-in then watches no stacks, or each event would arrive twice.
   */
  public boolean publishesStackEvents() {
    return stackEventsQueue.isPresent();
  }

  /** The mode this server runs in. */
  public Mode mode() {
    return mode;
  }

  private int post(String path) {
    try {
      HttpURLConnection connection = open(path);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.getOutputStream().close();
      return connection.getResponseCode();
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + path + " to moto_server failed", e);
    }
  }

  private HttpURLConnection open(String path) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
    connection.setConnectTimeout(2_000);
    connection.setReadTimeout(30_000);
    return connection;
  }

  private boolean logContains(String text) {
    try {
      return Files.readString(log).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read moto_server's log " + log, e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for moto_server", e);
    }
  }
}
