package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar starts every part on loopback, reports it, and leaves nothing behind. */
class SandboxLifecycleIT {

  @TempDir Path dir;

  @Test
  void startsEveryPartOnLoopbackAndLeavesNoProcessBehindOnSigterm() throws Exception {
    long startedAt = System.nanoTime();
    SandboxProcess sandbox = SandboxProcess.start(dir.resolve("work"));
    long startMillis = (System.nanoTime() - startedAt) / 1_000_000;
    StateFile.State state = sandbox.state();
    List<ProcessHandle> children;
    try {
      System.out.println("sandbox started in " + startMillis + " ms");
      assertThat(state.kubernetesApiUrl()).startsWith("http://127.0.0.1:");
      assertThat(state.awsEndpoint()).startsWith("http://127.0.0.1:");
      assertThat(state.postgresHost()).isEqualTo("127.0.0.1");
      assertThat(Path.of(state.kubeconfig())).isRegularFile();

      assertThat(httpStatus(URI.create(state.awsEndpoint() + "/moto-api/"))).isEqualTo(200);
      assertThat(
              new Kubectl(Path.of(state.kubeconfig()))
                  .run("api-resources", "--api-group=datapipeline.io")
                  .requireSuccess()
                  .stdout())
          .contains("datapipelines", "dp", "DataPipeline");
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:" + state.postgresPort() + "/postgres",
                  "postgres",
                  "");
          ResultSet row = connection.createStatement().executeQuery("select 1")) {
        assertThat(row.next()).isTrue();
      }
      assertThat(sandbox.log()).contains("DataPipeline sandbox is running", state.kubeconfig());
      children = sandbox.process().descendants().toList();
      assertThat(children).isNotEmpty(); // moto_server at least
    } finally {
      sandbox.close();
    }

    // 128 + SIGTERM: the JVM's exit status after its shutdown hooks ran on a termination signal.
    assertThat(sandbox.process().exitValue()).isEqualTo(143);
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(listening(state.postgresPort())).as("PostgreSQL still listening").isFalse();
    assertThat(listening(URI.create(state.awsEndpoint()).getPort()))
        .as("moto_server still listening")
        .isFalse();
    assertThat(Files.exists(sandbox.workDir().resolve("state.json"))).isFalse();
  }

  @Test
  void aRestartEndsWhatASandboxKilledOutrightLeftRunning() throws Exception {
    Path work = dir.resolve("killed");
    SandboxProcess killed = SandboxProcess.start(work);
    List<Long> pids =
        Files.readAllLines(work.resolve("pids")).stream().map(Long::parseLong).toList();
    assertThat(pids).hasSize(2); // moto_server and PostgreSQL
    killed.process().destroyForcibly().waitFor();
    assertThat(pids)
        .allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    Files.delete(work.resolve("state.json")); // left behind by the kill; wait for the new one

    try (SandboxProcess restarted = SandboxProcess.start(work)) {
      assertThat(pids)
          .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertThat(restarted.log()).contains("left running by an earlier sandbox");
    }
  }

  private static int httpStatus(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(2_000);
    return connection.getResponseCode();
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
