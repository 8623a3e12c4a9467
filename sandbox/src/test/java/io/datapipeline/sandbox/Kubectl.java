package io.datapipeline.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  private final Map<String, String> env;

  Kubectl(Path kubeconfig) {
    this(kubeconfig, Map.of());
  }

  /**
   * With {@code env} added to kubectl's environment. The kubeconfig goes by {@code KUBECONFIG}, not
   * by flag: kubectl refuses flags before a plugin's name, and the plugin reads it from there too.
   */
  Kubectl(Path kubeconfig, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("KUBECONFIG", kubeconfig.toString());
    this.env = Map.copyOf(all);
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    return Commands.run(command, env, 120);
  }

  /** {@code kubectl get dp <name> -n <namespace> -o jsonpath=<path>}, succeeding, trimmed. */
  String pipelineField(String namespace, String name, String jsonPath) {
    return run("get", "dp", name, "-n", namespace, "-o", "jsonpath=" + jsonPath)
        .requireSuccess()
        .stdout()
        .trim();
  }

  /** {@code kubectl patch dp <name> -n <namespace> <flags> --type=merge -p <json>}, succeeding. */
  void mergePatchPipeline(String namespace, String name, String json, String... flags) {
    List<String> args = new ArrayList<>(List.of("patch", "dp", name, "-n", namespace));
    args.addAll(List.of(flags));
    args.addAll(List.of("--type=merge", "-p", json));
    run(args.toArray(String[]::new)).requireSuccess();
  }
}
