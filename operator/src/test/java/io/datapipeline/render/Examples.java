package io.datapipeline.render;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datapipeline.api.v1alpha1.DataPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** The example manifests in crds/examples, rendered the way the tests and golden files expect. */
public final class Examples {

  /** Where the examples live, relative to the operator module (Maven's working directory). */
  public static final Path DIRECTORY = Path.of("..", "crds", "examples");

  /** The operator configuration the golden files were rendered with. */
  public static final RenderDefaults DEFAULTS =
      new RenderDefaults(
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:1.0.0",
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-grafana:1.0.0");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Examples() {}

  /** The example names (file names without .yaml), sorted. */
  public static List<String> names() {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".yaml"))
          .map(name -> name.substring(0, name.length() - ".yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path manifest(String name) {
    return DIRECTORY.resolve(name + ".yaml");
  }

  public static DataPipeline load(String name) {
    try {
      return YAML.readValue(manifest(name).toFile(), DataPipeline.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The identity the CLI gives a manifest without a uid: namespace, name and a uid derived from
   * them, so renders are repeatable.
   */
  public static PipelineIdentity identity(DataPipeline pipeline) {
    String namespace = pipeline.getMetadata().getNamespace();
    String name = pipeline.getMetadata().getName();
    String uid =
        UUID.nameUUIDFromBytes((namespace + "/" + name).getBytes(StandardCharsets.UTF_8))
            .toString();
    return new PipelineIdentity(namespace, name, uid);
  }

  public static StackPlan render(String name) {
    DataPipeline pipeline = load(name);
    return new PipelineRenderer(DEFAULTS).render(pipeline.getSpec(), identity(pipeline));
  }
}
