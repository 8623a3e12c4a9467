package io.datapipeline.sandbox.ha;

import io.datapipeline.sandbox.MotoAdaptedOperator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operator replica as its own JVM ({@link MotoAdaptedOperator}, settings from the environment),
 * its output in a log file; stopped by {@code kill -9} or SIGTERM as Kubernetes would.
 */
record OperatorProcess(String name, Process process, Path log, String identity)
    implements AutoCloseable {

  private static final Pattern IDENTITY =
      Pattern.compile("leader election: lease \\S+ as (\\S+) \\(");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** Starts the replica and waits until it runs (and so stands by or leads). */
  static OperatorProcess start(String name, Path jar, Map<String, String> environment, Path logDir)
      throws IOException, InterruptedException {
    Path log = logDir.resolve("operator-" + name + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-cp", jar.toString(), MotoAdaptedOperator.class.getName());
    builder.environment().putAll(environment);
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      return new OperatorProcess(name, process, log, awaitIdentity(name, process, log));
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** SIGKILL: no shutdown hook, no lease release, calls in flight cut off. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as a pod's termination sends; true when the JVM exited within {@code timeout}. */
  boolean terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Its identity in the lease, once it logged it: then it runs. */
  private static String awaitIdentity(String name, Process process, Path log)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      Matcher m = IDENTITY.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return m.group(1);
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "operator " + name + " exited with " + process.exitValue() + "; log " + log);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "operator " + name + " did not start within " + START_TIMEOUT + "; log " + log);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
