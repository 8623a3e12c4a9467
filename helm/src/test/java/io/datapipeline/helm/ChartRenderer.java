package io.datapipeline.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the real Helm (the Go library, through helm-java) on the chart: {@code helm template} and
 * {@code helm lint}, with the release name and namespace a platform team would use.
 */
final class ChartRenderer {

  static final String RELEASE = "datapipeline-operator";
  static final String NAMESPACE = "datapipeline-system";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path chart;

  ChartRenderer(Path chart) {
    this.chart = chart;
  }

  static ChartRenderer forRepositoryChart() {
    return new ChartRenderer(RepositoryFiles.chart());
  }

  /** Renders the templates with the chart defaults plus the given values files and --set pairs. */
  RenderedChart template(Map<String, Object> sets, Path... valuesFiles) {
    TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return RenderedChart.parse(command.call());
  }

  RenderedChart template(Path... valuesFiles) {
    return template(Map.of(), valuesFiles);
  }

  /**
   * {@code helm lint --strict} (warnings fail too). helm-java's lint takes no values file, so the
   * chart is copied to {@code workDir} with the values file merged into its values.yaml, which is
   * what {@code helm lint -f file} lints.
   */
  LintResult lint(Path workDir, Path... valuesFiles) {
    return new Helm(copyWithMergedValues(workDir, valuesFiles)).lint().strict().call();
  }

  /** {@code helm lint --strict} with the chart's own values. */
  LintResult lint() {
    return new Helm(chart).lint().strict().call();
  }

  private Path copyWithMergedValues(Path workDir, Path... valuesFiles) {
    try {
      Path copy = copyChart(chart, workDir);
      JsonNode merged = YAML.readTree(chart.resolve("values.yaml").toFile());
      for (Path file : valuesFiles) {
        merged = mergeInto((ObjectNode) merged, YAML.readTree(file.toFile()));
      }
      YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the chart directory under {@code workDir}, for tests that change a file in it. */
  static Path copyChart(Path chart, Path workDir) {
    Path copy = workDir.resolve(chart.getFileName());
    try (Stream<Path> files = Files.walk(chart)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path destination = copy.resolve(chart.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination);
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Helm's coalescing: maps merge key by key, anything else (lists too) is replaced. */
  static JsonNode mergeInto(ObjectNode base, JsonNode override) {
    for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode existing = base.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
        mergeInto(existingObject, field.getValue());
      } else {
        base.set(field.getKey(), field.getValue());
      }
    }
    return base;
  }
}
