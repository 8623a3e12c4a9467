package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

  @TempDir Path dir;

  @Test
  void writesEndpointsAndPipelineDatabasesReadableByTheOwnerOnly() throws Exception {
    StateFile file = new StateFile(dir.resolve("state.json"), state(42));
    file.write();
    file.putPipeline(
        "tenant-a/weather",
        new StateFile.PipelineDatabase(
            "eu-west-1", "jdbc:postgresql://127.0.0.1:5432/db", "db", "u", "p", "arn:s"));

    StateFile.State state = StateFile.read(file.path());
    assertThat(state.kubernetesApiUrl()).isEqualTo("http://127.0.0.1:1");
    assertThat(state.pipelines().get("tenant-a/weather").jdbcUrl())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/db");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
        .isEqualTo("rw-------");
  }

  @Test
  void aStateFileLeftByAKilledSandboxIsRemovedAtTheNextStart() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    StateFile file = new StateFile(dir.resolve("state.json"), state(dead.pid()));
    file.write();

    StateFile.claim(file.path());

    assertThat(file.path()).doesNotExist();
  }

  @Test
  void aRunningSandboxKeepsItsStateFileAndTheSecondStartIsRefused() throws Exception {
    Process alive = new ProcessBuilder("sleep", "30").start();
    try {
      StateFile file = new StateFile(dir.resolve("state.json"), state(alive.pid()));
      file.write();

      assertThatThrownBy(() -> StateFile.claim(file.path()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another sandbox (pid " + alive.pid() + ")");
      assertThat(file.path()).exists();
    } finally {
      alive.destroy();
    }
  }

  private static StateFile.State state(long pid) {
    return new StateFile.State(
        "http://127.0.0.1:1",
        "/k",
        "http://127.0.0.1:2",
        "us-east-1",
        "testing",
        "testing",
        "127.0.0.1",
        5432,
        pid,
        Map.of());
  }
}
