package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code helm lint --strict}: the chart is clean with its defaults and with each documented set-up.
 */
class ChartLintTest {

  private final ChartRenderer chart = ChartRenderer.forRepositoryChart();

  @Test
  void lintsCleanWithDefaultValues() {
    assertClean(chart.lint());
  }

  @ParameterizedTest
  @ValueSource(strings = {"namespaced.yaml", "cluster-wide.yaml", "irsa.yaml", "monitoring.yaml"})
  void lintsCleanWithEachValuesFile(String valuesFile, @TempDir Path workDir) {
    assertClean(chart.lint(workDir, RepositoryFiles.testResource("values/" + valuesFile)));
  }

  @Test
  void lintRefusesAValuesFileTheSchemaRejects(@TempDir Path workDir) {
    LintResult result =
        chart.lint(workDir, RepositoryFiles.testResource("bad-values/misspelt-key.yaml"));

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("watchNamespace");
  }

  /** Helm prints [INFO] for suggestions (an icon); [WARNING] and [ERROR] fail. */
  private static void assertClean(LintResult result) {
    assertThat(result.getMessages())
        .as("helm lint messages")
        .allMatch(message -> message.startsWith("[INFO]"), "is only [INFO]");
    assertThat(result.isFailed()).as("helm lint failed: %s", result.getMessages()).isFalse();
  }
}
