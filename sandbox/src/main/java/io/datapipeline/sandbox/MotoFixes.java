package io.datapipeline.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The sandbox's fix for a moto CloudFormation gap (change sets for new stacks are applied to an
 * empty resource map: templates CreateStack deploys fail, outputs are missing; see {@code
 * moto/sitecustomize.py}), handed to moto_server as a {@code sitecustomize} module on its {@code
 * PYTHONPATH}.
 */
final class MotoFixes {

  private MotoFixes() {}

  /** Writes the module under {@code workDir/moto} and returns the child's environment. */
  static Map<String, String> environment(Path workDir) {
    Path dir = workDir.resolve("moto");
    try (InputStream in = MotoFixes.class.getResourceAsStream("/moto/sitecustomize.py")) {
      if (in == null) {
        throw new IllegalStateException("moto/sitecustomize.py missing from the classpath");
      }
      Files.createDirectories(dir);
      Files.copy(in, dir.resolve("sitecustomize.py"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String existing = System.getenv("PYTHONPATH");
    String path = existing == null || existing.isBlank() ? dir.toString() : dir + ":" + existing;
    return Map.of("PYTHONPATH", path);
  }
}
