package io.datapipeline.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's endpoints as JSON, for scripts and tests: rewritten atomically whenever a
 * pipeline's stand-in database appears. It holds database passwords, so it is readable by its owner
 * only.
 */
public final class StateFile {

  /** What the file holds. */
  public record State(
      String kubernetesApiUrl,
      String kubeconfig,
      String awsEndpoint,
      String region,
      String awsAccessKeyId,
      String awsSecretAccessKey,
      String postgresHost,
      int postgresPort,
      long pid,
      Map<String, PipelineDatabase> pipelines) {}

  /** One pipeline's stand-in database, keyed by {@code <namespace>/<name>} in {@link State}. */
  public record PipelineDatabase(
      String region,
      String jdbcUrl,
      String database,
      String username,
      String password,
      String secretArn) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path path;
  private final State base;
  private final Map<String, PipelineDatabase> pipelines = new TreeMap<>();

  public StateFile(Path path, State base) {
    this.path = path.toAbsolutePath();
    this.base = base;
  }

  public Path path() {
    return path;
  }

  /** Writes the file with the pipelines known so far. */
  public synchronized void write() {
    State state =
        new State(
            base.kubernetesApiUrl(),
            base.kubeconfig(),
            base.awsEndpoint(),
            base.region(),
            base.awsAccessKeyId(),
            base.awsSecretAccessKey(),
            base.postgresHost(),
            base.postgresPort(),
            base.pid(),
            Map.copyOf(pipelines));
    try {
      Files.createDirectories(path.getParent());
      Path tmp = Files.createTempFile(path.getParent(), ".state-", ".json");
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      JSON.writeValue(tmp.toFile(), state);
      try {
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write state file " + path, e);
    }
  }

  /** Records a pipeline's database and rewrites the file. */
  public synchronized void putPipeline(String key, PipelineDatabase database) {
    pipelines.put(key, database);
    write();
  }

  /** Forgets a pipeline's database (it was dropped) and rewrites the file. */
  public synchronized void removePipeline(String key) {
    pipelines.remove(key);
    write();
  }

  /**
   * Refuses to start over a sandbox that is still running with the same state file, and removes a
   * state file left behind by one that was killed ({@code kill -9} runs no shutdown hook).
   *
   * @throws IllegalStateException when the process named in the file is alive
   */
  public static void claim(Path path) {
    if (!Files.isRegularFile(path)) {
      return;
    }
    long pid;
    try {
      pid = read(path).pid();
    } catch (RuntimeException unreadable) {
      pid = -1;
    }
    long owner = pid;
    boolean alive =
        owner > 0
            && owner != ProcessHandle.current().pid()
            && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
    if (alive) {
      throw new IllegalStateException(
          "another sandbox (pid "
              + owner
              + ") is running with "
              + path
              + ": stop it first, or use another --work-dir");
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the stale state file " + path, e);
    }
  }

  /** Removes the file (on shutdown: the endpoints it names are gone). */
  public void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a state file, e.g. in tests and scripts. */
  public static State read(Path path) {
    try {
      return JSON.readValue(path.toFile(), State.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read state file " + path, e);
    }
  }
}
