package io.datapipeline.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's runnable jar as a child process, exactly as the README starts it: for end-to-end
 * tests. {@link #close()} stops it as Ctrl-C would (SIGTERM).
 */
final class SandboxProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Process process;
  private final Path workDir;
  private final Path log;
  private StateFile.State state;

  private SandboxProcess(Process process, Path workDir, Path log) {
    this.process = process;
    this.workDir = workDir;
    this.log = log;
  }

  static SandboxProcess start(Path workDir, String... extraArgs) {
    String jar = System.getProperty("sandbox.jar", "target/datapipeline-sandbox.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("no sandbox jar at " + jar + ": run `mvn package` first");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                jar,
                "--work-dir",
                workDir.toString()));
    command.addAll(List.of(extraArgs));
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve("sandbox.log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      SandboxProcess sandbox = new SandboxProcess(process, workDir, log);
      sandbox.awaitState();
      return sandbox;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  StateFile.State state() {
    return state;
  }

  Path workDir() {
    return workDir;
  }

  Process process() {
    return process;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitState() {
    Path stateFile = workDir.resolve("state.json");
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "sandbox exited with " + process.exitValue() + ":\n" + log());
      }
      // The state file is written first, the instructions right after: wait for both.
      if (Files.isRegularFile(stateFile) && log().contains("DataPipeline sandbox is running")) {
        state = StateFile.read(stateFile);
        return;
      }
      sleep(200);
    }
    close();
    throw new IllegalStateException(
        "sandbox wrote no state file in " + START_TIMEOUT + ":\n" + log());
  }

  /** Sends SIGTERM (what Ctrl-C's shutdown hooks also run on) and waits for the exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("sandbox did not stop within 60 s of SIGTERM:\n" + log());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
