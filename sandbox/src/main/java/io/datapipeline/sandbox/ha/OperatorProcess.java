package io.datapipeline.sandbox.ha;

import io.datapipeline.sandbox.MotoAdaptedOperator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operator replica as its own JVM ({@link MotoAdaptedOperator}, settings from the environment),
 * its output in a log file; stopped by {@code kill -9} or SIGTERM as Kubernetes would.
 */
final class OperatorProcess implements AutoCloseable {

  private static final Pattern IDENTITY =
      Pattern.compile("leader election: lease \\S+ as (\\S+) \\(");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final String name;
  private final Process process;
  private final Path log;
  private String identity;

  private OperatorProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts the replica and waits until it runs (and so stands by or leads). */
  static OperatorProcess start(String name, Path jar, Map<String, String> environment, Path logDir)
      throws IOException, InterruptedException {
    Path log = logDir.resolve("operator-" + name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp",
                    jar.toString(),
                    MotoAdaptedOperator.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    OperatorProcess replica = new OperatorProcess(name, builder.start(), log);
    replica.awaitStarted();
    return replica;
  }

  String name() {
    return name;
  }

  /** Its identity in the lease, as it logged it. */
  String identity() {
    return identity;
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
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

  private void awaitStarted() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher m = IDENTITY.matcher(text);
      if (m.find()) {
        identity = m.group(1);
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "operator " + name + " exited with " + process.exitValue() + "; log " + log);
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException(
        "operator " + name + " did not start within " + START_TIMEOUT + "; log " + log);
  }

  /** The exit code, if it has exited. */
  Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
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
