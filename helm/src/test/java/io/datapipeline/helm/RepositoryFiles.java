package io.datapipeline.helm;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the chart and the files it must agree with, in this repository. */
final class RepositoryFiles {

  private RepositoryFiles() {}

  /**
   * The repository root: surefire passes it; a run from the module directory falls back to "..".
   */
  static Path root() {
    String configured = System.getProperty("repository.root");
    Path root = Path.of(configured != null ? configured : "..").toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("helm"))) {
      throw new IllegalStateException("Not the repository root (no helm/ directory): " + root);
    }
    return root;
  }

  static Path chart() {
    return root().resolve("helm/datapipeline-operator");
  }

  static Path argocd() {
    return root().resolve("helm/argocd");
  }

  /** A file or directory under helm/src/test/resources, e.g. "values/irsa.yaml". */
  static Path testResource(String relative) {
    Path file = root().resolve("helm/src/test/resources").resolve(relative);
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("No test resource " + file);
    }
    return file;
  }
}
