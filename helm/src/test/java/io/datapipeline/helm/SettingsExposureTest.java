package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator setting (docs/contracts.md, generated from the operator's settings catalogue) is
 * either set by the chart from the Helm value the table names, or listed there as deliberately not
 * exposed: a new setting cannot be forgotten in the chart.
 */
class SettingsExposureTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A valid value for text settings, where the chart's schema constrains the text. */
  private static final Map<String, String> TEXT_PROBES =
      Map.of(
          "AWS_REGION", "eu-north-1",
          "CONVERTER_IMAGE", "registry.example/converter:probe",
          "GRAFANA_IMAGE", "registry.example/grafana:probe",
          "AWS_ENDPOINT_URL", "http://aws.example:4566",
          "LEADER_ELECTION_NAMESPACE", "probe-ns",
          "SHARD_LABEL_SELECTOR", "datapipeline.io/shard in (a,b)");

  static Stream<OperatorContract.Setting> exposed() {
    return OperatorContract.settings().stream().filter(s -> s.helmValue() != null);
  }

  static Stream<OperatorContract.Setting> notExposed() {
    return OperatorContract.settings().stream().filter(s -> s.helmValue() == null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exposed")
  void theChartSetsTheVariableFromItsValue(OperatorContract.Setting setting, @TempDir Path dir)
      throws IOException {
    Probe probe = probe(setting);
    Path values = dir.resolve("probe.yaml");
    YAML.writeValue(values.toFile(), nested(setting.helmValue(), probe.helmValue()));

    RenderedChart rendered = ChartRenderer.forRepositoryChart().template(values);

    assertThat(rendered.envValue(setting.variable()))
        .as("%s from the Helm value %s", setting.variable(), setting.helmValue())
        .isEqualTo(probe.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notExposed")
  void aSettingLeftOutOfTheChartSaysWhyAndIsNotSet(OperatorContract.Setting setting) {
    assertThat(setting.notExposedBecause()).as("the reason").isNotBlank();
    List<Set<String>> setByVariant =
        InstallVariants.all()
            .map(
                variant ->
                    InstallVariants.render(variant).operatorContainer().getEnv().stream()
                        .map(EnvVar::getName)
                        .collect(Collectors.toSet()))
            .toList();
    assertThat(setByVariant).noneMatch(names -> names.contains(setting.variable()));
  }

  /** {@code a.b} and v -> {@code {a: {b: v}}}. */
  private static Map<String, Object> nested(String path, Object value) {
    int dot = path.indexOf('.');
    return dot < 0
        ? Map.of(path, value)
        : Map.of(path.substring(0, dot), nested(path.substring(dot + 1), value));
  }

  private record Probe(Object helmValue, String expected) {}

  /** A value unlike the default, valid for the chart's schema, and what the variable then reads. */
  private static Probe probe(OperatorContract.Setting setting) {
    String type = setting.type();
    if (type.equals("list")) {
      return new Probe(List.of("probe-a", "probe-b"), "probe-a,probe-b");
    }
    if (type.equals("duration")) {
      return new Probe("7s", "7s");
    }
    if (type.equals("integer")) {
      return new Probe(42, "42");
    }
    if (type.equals("boolean")) {
      String other = String.valueOf(!Boolean.parseBoolean(setting.defaultValue()));
      return new Probe(Boolean.parseBoolean(other), other);
    }
    if (type.contains("|")) {
      String other =
          Stream.of(type.split("\\|"))
              .map(String::strip)
              .filter(choice -> !choice.equals(setting.defaultValue()))
              .findFirst()
              .orElseThrow();
      return new Probe(other, other);
    }
    String text = TEXT_PROBES.get(setting.variable());
    assertThat(text).as("a probe value for the text setting %s", setting.variable()).isNotNull();
    return new Probe(text, text);
  }
}
