package io.datapipeline.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each file in src/test/resources/invalid-manifests is one broken manifest. Its
 * header says what the API server must answer ({@code # expect: <field>: <message>}, one line per
 * violation, exactly) and, for an update, which example in crds/examples it replaces ({@code # old:
 * full.yaml}).
 */
class InvalidManifestsTest {

  static final Path CASES = Path.of("src", "test", "resources", "invalid-manifests");
  static final Path EXAMPLES = Path.of("..", "crds", "examples");

  record Case(Path file, List<String> expected, Path old) {
    @Override
    public String toString() {
      return file.getFileName().toString();
    }
  }

  static Stream<Case> cases() throws IOException {
    try (Stream<Path> files = Files.list(CASES)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(InvalidManifestsTest::read)
          .toList()
          .stream();
    }
  }

  static Stream<Case> updateCases() throws IOException {
    return cases().filter(c -> c.old() != null);
  }

  static Case read(Path file) {
    try {
      List<String> header =
          Files.readAllLines(file).stream().takeWhile(line -> line.startsWith("#")).toList();
      List<String> expected =
          header.stream()
              .filter(line -> line.startsWith("# expect: "))
              .map(line -> line.substring("# expect: ".length()))
              .toList();
      Path old =
          header.stream()
              .filter(line -> line.startsWith("# old: "))
              .map(line -> EXAMPLES.resolve(line.substring("# old: ".length()).trim()))
              .findFirst()
              .orElse(null);
      return new Case(file, expected, old);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void manifestIsRejectedWithTheExpectedFieldAndMessage(Case c) throws IOException {
    assertThat(c.expected()).as("%s has no `# expect:` line", c.file()).isNotEmpty();
    JsonNode manifest = ManifestValidator.readManifest(c.file());
    JsonNode old = c.old() == null ? null : ManifestValidator.readManifest(c.old());

    List<String> violations =
        ManifestValidator.forDataPipeline().validate(manifest, old).stream()
            .map(Violation::toString)
            .toList();

    assertThat(violations).containsExactlyInAnyOrderElementsOf(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updateCases")
  void updateCasesFailBecauseOfWhatChanged(Case c) throws IOException {
    JsonNode manifest = ManifestValidator.readManifest(c.file());
    JsonNode old = ManifestValidator.readManifest(c.old());

    List<Violation> asCreate = ManifestValidator.forDataPipeline().validate(manifest);
    List<Violation> asUpdate = ManifestValidator.forDataPipeline().validate(manifest, old);

    // The transition rules add to what a create reports; they are the point of the case.
    assertThat(asUpdate).containsAll(asCreate).hasSizeGreaterThan(asCreate.size());
  }

  @Test
  void everyRuleInTheCrdHasAnInvalidManifest() throws IOException {
    JsonNode crd = CommittedCrds.dataPipelines();
    List<JsonNode> rules =
        crd.findValues("x-kubernetes-validations").stream()
            .flatMap(r -> StreamSupport.stream(r.spliterator(), false))
            .toList();
    List<String> expected = cases().flatMap(c -> c.expected().stream()).toList();

    assertThat(rules)
        .isNotEmpty()
        .allSatisfy(
            rule -> {
              String message = rule.path("message").asText();
              // A rule with a messageExpression says its message, then what it names.
              boolean names = rule.hasNonNull("messageExpression");
              assertThat(expected)
                  .as("cases expecting: %s", message)
                  .anyMatch(
                      e -> names ? e.contains(": " + message + ": ") : e.endsWith(": " + message));
            });
  }
}
