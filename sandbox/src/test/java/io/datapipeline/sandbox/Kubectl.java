package io.datapipeline.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real kubectl against a kubeconfig, for tests. */
final class Kubectl {

  record Result(int exitCode, String stdout, String stderr) {
    Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl exited " + exitCode + ": " + stderr + stdout);
      }
      return this;
    }
  }

  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  Result run(String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return Commands.run(command, 120);
  }
}
