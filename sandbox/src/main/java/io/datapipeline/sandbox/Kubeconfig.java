package io.datapipeline.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the kubeconfig that points the real kubectl at the sandbox's Kubernetes API. */
final class Kubeconfig {

  static final String CONTEXT = "datapipeline-sandbox";

  private Kubeconfig() {}

  /**
   * Writes a kubeconfig with a single cluster, user and current context; the mock accepts any
   * caller, so the user carries no credentials.
   */
  static Path write(Path file, URI server) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user: {}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: default
        current-context: %1$s
        """
            .formatted(CONTEXT, server);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml);
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }
}
