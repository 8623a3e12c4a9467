package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * values.schema.json (and the chart's own checks for what a schema cannot say) refuse a bad values
 * file at install time, naming the value, instead of rendering something that fails later.
 */
class ValuesSchemaTest {

  private final ChartRenderer chart = ChartRenderer.forRepositoryChart();

  @ParameterizedTest(name = "{0} is refused naming {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "misspelt-key.yaml                      | Additional property watchNamespace is not allowed",
        "wrong-type.yaml                        | replicaCount: Invalid type",
        "bad-enum.yaml                          | operator.logFormat must be one of",
        "bad-duration.yaml                      | operator.pollInterval: Does not match pattern",
        "bad-namespace.yaml                     | watchNamespaces.0: Does not match pattern",
        "replicas-without-leader-election.yaml  | leaderElection.enabled=true",
      })
  void refusesABadValuesFileNamingTheValue(String file, String named) {
    var values = RepositoryFiles.testResource("bad-values/" + file);

    assertThatThrownBy(() -> chart.template(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(named);
  }

  @ParameterizedTest(name = "--set {0}={1} is refused")
  @CsvSource(
      delimiter = '|',
      value = {
        "image.digest               | latest                    | image.digest: Does not match",
        "operator.awsRegion         | Ireland                   | operator.awsRegion: Does not",
        "ports.health               | 70000                     | ports.health: Must be less",
        "operator.awsEndpointUrl    | localhost:5000            | operator.awsEndpointUrl: Does",
        "serviceAccount.create      | false                     | serviceAccount.name is required",
      })
  void refusesABadSingleValue(String key, String value, String named) {
    Object typed = value.matches("\\d+") ? Integer.valueOf(value) : value;
    if (value.equals("false")) {
      typed = Boolean.FALSE;
    }
    Object setValue = typed;

    assertThatThrownBy(() -> chart.template(Map.of(key, setValue)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(named);
  }
}
