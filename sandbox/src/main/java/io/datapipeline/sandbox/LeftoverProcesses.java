package io.datapipeline.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends what an earlier sandbox in the same work directory left running because it was killed
 * outright (SIGKILL skips shutdown hooks): its moto_server child and its PostgreSQL, which runs
 * detached from the JVM. The pids are recorded in {@code <work-dir>/pids} while the sandbox runs; a
 * pid is ended only if that process still runs one of those two programs.
 */
final class LeftoverProcesses {

  private static final Logger LOG = LoggerFactory.getLogger(LeftoverProcesses.class);
  private static final List<String> OURS = List.of("moto_server", "postgres");

  private final Path file;

  LeftoverProcesses(Path workDir) {
    this.file = workDir.resolve("pids");
  }

  /** Ends the processes recorded by an earlier run, then forgets them. */
  void endEarlierRun() {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        parse(line)
            .flatMap(ProcessHandle::of)
            .filter(LeftoverProcesses::isOurs)
            .ifPresent(this::end);
      }
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Records the processes this run must not leave behind. */
  void record(long... pids) {
    StringBuilder text = new StringBuilder();
    for (long pid : pids) {
      text.append(pid).append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Forgets the record after a clean stop. */
  void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void end(ProcessHandle process) {
    LOG.warn(
        "ending {} (pid {}) left running by an earlier sandbox in this work directory",
        process.info().command().orElse("?"),
        process.pid());
    process.destroy();
    try {
      process.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception notYet) {
      process.destroyForcibly();
    }
  }

  private static boolean isOurs(ProcessHandle process) {
    String commandLine = process.info().commandLine().orElse(process.info().command().orElse(""));
    return process.isAlive() && OURS.stream().anyMatch(commandLine::contains);
  }

  private static Optional<Long> parse(String line) {
    try {
      return line.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(line.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
