package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every template of every example equals its golden file in src/test/resources/golden, so a change
 * to a template shows up as a reviewable diff.
 *
 * <p>To accept intended changes, regenerate the files and review the diff: {@code ./mvnw -pl
 * operator test -Dtest=GoldenTemplatesTest -Dgolden.update=true} (or set {@code
 * GOLDEN_UPDATE=true}).
 */
class GoldenTemplatesTest {

  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static boolean updating() {
    return Boolean.getBoolean("golden.update")
        || "true".equalsIgnoreCase(System.getenv("GOLDEN_UPDATE"));
  }

  @TestFactory
  Stream<DynamicTest> everyTemplateOfEveryExampleMatchesItsGoldenFile() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String example : Examples.names()) {
      for (StackSpec stack : Examples.render(example).stacks()) {
        Path golden = GOLDEN.resolve(example).resolve(stack.component().id() + ".template.json");
        tests.add(
            DynamicTest.dynamicTest(
                example + "/" + stack.component().id(),
                () -> compare(golden, stack.templateBody())));
      }
    }
    return tests.stream();
  }

  /**
   * The deletion path: the template a stack is updated to just before its delete
   * (DeletionProtection off where DeletionPolicy Snapshot must take a final snapshot), for every
   * example that has one.
   */
  @TestFactory
  Stream<DynamicTest> everyTemplateBeforeDeleteMatchesItsGoldenFile() {
    List<DynamicTest> tests = new ArrayList<>();
    for (var entry : beforeDeleteTemplates().entrySet()) {
      tests.add(
          DynamicTest.dynamicTest(
              entry.getKey(), () -> compare(GOLDEN.resolve(entry.getKey()), entry.getValue())));
    }
    return tests.stream();
  }

  /** Golden path -> the template before delete, for each example stack that needs an update. */
  static Map<String, String> beforeDeleteTemplates() {
    Map<String, String> templates = new TreeMap<>();
    for (String example : Examples.names()) {
      for (StackSpec stack : Examples.render(example).stacks()) {
        DeletionPrelude.unprotected(stack.templateBody())
            .ifPresent(
                body ->
                    templates.put(
                        example + "/" + stack.component().id() + ".before-delete.template.json",
                        body));
      }
    }
    return templates;
  }

  @Test
  void bootstrapTemplateMatchesItsGoldenFile() throws IOException {
    compare(
        GOLDEN.resolve("bootstrap.template.json"), new BootstrapRenderer().render().templateBody());
  }

  @Test
  void noGoldenFileIsLeftWithoutATemplate() throws IOException {
    Set<String> expected = new TreeSet<>();
    for (String example : Examples.names()) {
      Examples.render(example).stacks().stream()
          .map(s -> example + "/" + s.component().id() + ".template.json")
          .forEach(expected::add);
    }
    expected.add("bootstrap.template.json");
    expected.addAll(beforeDeleteTemplates().keySet());
    Set<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.walk(GOLDEN)) {
      files
          .filter(Files::isRegularFile)
          .map(file -> GOLDEN.relativize(file).toString().replace('\\', '/'))
          .forEach(present::add);
    }
    if (updating()) {
      for (String stale : difference(present, expected)) {
        Files.delete(GOLDEN.resolve(stale));
      }
      return;
    }
    assertThat(present).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static void compare(Path golden, String rendered) throws IOException {
    if (updating()) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, rendered);
      return;
    }
    assertThat(golden).as("golden file (regenerate with -Dgolden.update=true)").exists();
    assertThat(rendered)
        .as("%s differs; if intended, regenerate with -Dgolden.update=true and review", golden)
        .isEqualTo(Files.readString(golden));
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> result = new TreeSet<>(a);
    result.removeAll(b);
    return result;
  }
}
