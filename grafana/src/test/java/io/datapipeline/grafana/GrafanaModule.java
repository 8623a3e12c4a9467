package io.datapipeline.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates and parses the files this module ships (Dockerfile, provisioning, dashboards). */
final class GrafanaModule {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private GrafanaModule() {}

  /** The module directory: Maven runs tests there; `basedir` wins when an IDE runs elsewhere. */
  static Path root() {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    if (!Files.isRegularFile(dir.resolve("Dockerfile"))) {
      dir = dir.resolve("grafana");
    }
    if (!Files.isRegularFile(dir.resolve("Dockerfile"))) {
      throw new IllegalStateException(
          "cannot find the grafana module from " + dir.toAbsolutePath());
    }
    return dir.toAbsolutePath().normalize();
  }

  static Path repositoryRoot() {
    return root().getParent();
  }

  static Path file(String relative) {
    return root().resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> dashboardFiles() {
    return listFiles(file("dashboards"), ".json");
  }

  static List<Path> provisioningFiles() {
    try (Stream<Path> files = Files.walk(file("provisioning"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> listFiles(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parseJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static JsonNode parseYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(file + " is not valid YAML: " + e.getMessage(), e);
    }
  }
}
