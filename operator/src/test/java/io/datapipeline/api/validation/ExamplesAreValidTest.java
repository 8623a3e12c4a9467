package io.datapipeline.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest we hand to tenants in crds/examples is accepted as is. */
class ExamplesAreValidTest {

  static final Path EXAMPLES = Path.of("..", "crds", "examples");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).as("examples in %s", EXAMPLES).hasSizeGreaterThanOrEqualTo(3);
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleValidatesClean(Path example) throws IOException {
    assertThat(
            ManifestValidator.forDataPipeline().validate(ManifestValidator.readManifest(example)))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleMayBeReappliedUnchanged(Path example) throws IOException {
    var manifest = ManifestValidator.readManifest(example);
    assertThat(ManifestValidator.forDataPipeline().validate(manifest, manifest)).isEmpty();
  }
}
