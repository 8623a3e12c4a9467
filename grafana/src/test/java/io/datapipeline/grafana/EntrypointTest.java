package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntrypointTest {

  @TempDir Path output;

  @Test
  void rendersEveryDashboardForThePipelineAndStartsGrafana() {
    Map<String, String> env = Entrypoint.taskEnvironment();
    Entrypoint.Result result = Entrypoint.run(env, GrafanaModule.file("dashboards"), output);

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    List<Dashboard> rendered =
        GrafanaModule.listFiles(output, ".json").stream().map(Dashboard::load).toList();
    assertThat(rendered)
        .extracting(Dashboard::fileName)
        .containsExactly("operator.json", "pipeline-overview.json");
    Dashboard overview = rendered.get(1);
    assertThat(overview.json().toString()).doesNotContain("@@");
    assertThat(overview.json().path("title").asText()).isEqualTo("DataPipeline: team-a/orders");
    assertThat(constant(overview, "pipeline")).isEqualTo("team-a/orders");
    assertThat(constant(overview, "table")).isEqualTo("orders");
    assertThat(constant(overview, "alb")).isEqualTo("app/dp-team-a-orders/50dc6c495c0c9188");
    assertThat(constant(overview, "db_instance"))
        .as("derived from the endpoint when not given")
        .isEqualTo("dp-team-a-orders-db");
    // Grafana (here: env) starts with the defaults the datasources need.
    assertThat(result.stdout())
        .contains(
            "DB_PORT=5432",
            "DB_NAME=datapipeline",
            "DB_SSL_MODE=verify-full",
            "DB_READER_USER=grafana_reader")
        .as("https root URL: cookies only over TLS, HSTS on")
        .contains("GF_SECURITY_COOKIE_SECURE=true", "GF_SECURITY_STRICT_TRANSPORT_SECURITY=true");
  }

  @Test
  void plainHttpRootUrlLeavesCookiesAsGrafanaDefaults() {
    Map<String, String> env = Entrypoint.taskEnvironment();
    env.put("GF_SERVER_ROOT_URL", "http://dp-team-a-orders-123.eu-west-1.elb.amazonaws.com/");
    Entrypoint.Result result = Entrypoint.run(env, GrafanaModule.file("dashboards"), output);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .doesNotContain("GF_SECURITY_COOKIE_SECURE")
        .doesNotContain("GF_SECURITY_STRICT_TRANSPORT_SECURITY");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GF_SECURITY_ADMIN_PASSWORD",
        "GF_SERVER_ROOT_URL",
        "AWS_REGION",
        "DB_HOST",
        "DB_READER_PASSWORD",
        "PIPELINE",
        "DB_TABLE",
        "DYNAMODB_TABLE",
        "CONVERTER_FUNCTION_NAME",
        "FAILURE_QUEUE_NAME",
        "ECS_CLUSTER_NAME",
        "ECS_SERVICE_NAME",
        "ALB_FULL_NAME",
        "TARGET_GROUP_FULL_NAME"
      })
  void refusesToStartWithoutEachRequiredSetting(String name) throws IOException {
    Map<String, String> env = Entrypoint.taskEnvironment();
    env.remove(name);
    Entrypoint.Result result = Entrypoint.run(env, GrafanaModule.file("dashboards"), output);
    assertThat(result.exitCode()).isEqualTo(64);
    assertThat(result.stderr()).contains("environment variable " + name + " is required");
    assertThat(result.stdout()).as("Grafana never started").isEmpty();
    try (var files = Files.list(output)) {
      assertThat(files).as("nothing rendered").isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"team-a/orders\",\"x", "a|b", "a&b", "a b", "a\\b"})
  void refusesAValueThatCouldBreakOutOfTheDashboard(String pipeline) {
    Entrypoint.Result result = refusedWith("PIPELINE", pipeline);
    assertThat(result.stderr()).contains("PIPELINE has a character outside");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Orders", "1orders", "_orders", "orders;drop", "my-table"})
  void refusesATableNameThatIsNotAPlainSqlIdentifier(String table) {
    Entrypoint.Result result = refusedWith("DB_TABLE", table);
    assertThat(result.stderr()).contains("DB_TABLE");
  }

  @ParameterizedTest(name = "refuses {0}={1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          GF_SECURITY_ADMIN_PASSWORD | admin    | GF_SECURITY_ADMIN_PASSWORD must not be Grafana's default
          DB_READER_USER             | postgres | DB_READER_USER must be the read-only role grafana_reader
          DB_SSL_MODE                | prefer   | DB_SSL_MODE must be verify-full, verify-ca, require or disable
          """)
  void refusesAValueOutsideWhatTheSettingAllows(String name, String value, String message) {
    assertThat(refusedWith(name, value).stderr()).contains(message);
  }

  @Test
  void neverFillsAPlaceholderFromAnEnvironmentVariableOutsideItsList(@TempDir Path templates)
      throws IOException {
    // A dashboard asking for the reader's password must not get it.
    Files.writeString(templates.resolve("leaky.json"), "{\"title\": \"@@DB_READER_PASSWORD@@\"}\n");
    Entrypoint.Result result = Entrypoint.run(Entrypoint.taskEnvironment(), templates, output);
    assertThat(result.exitCode()).isEqualTo(64);
    assertThat(result.stderr())
        .contains("leaky.json has placeholders no setting fills: @@DB_READER_PASSWORD@@");
    assertThat(output.resolve("leaky.json")).doesNotExist();
    assertThat(result.stderr()).doesNotContain("reader-secret");
  }

  private static String constant(Dashboard d, String name) {
    JsonNode v = d.variable(name).orElseThrow();
    assertThat(v.path("current").path("value").asText()).isEqualTo(v.path("query").asText());
    return v.path("query").asText();
  }

  /**
   * Runs the entrypoint in the task's environment with {@code name} set to {@code value}, and
   * asserts that it refused to start (exit 64, the usage error).
   */
  private Entrypoint.Result refusedWith(String name, String value) {
    Map<String, String> env = Entrypoint.taskEnvironment();
    env.put(name, value);
    Entrypoint.Result result = Entrypoint.run(env, GrafanaModule.file("dashboards"), output);
    assertThat(result.exitCode()).as("%s=%s refused", name, value).isEqualTo(64);
    return result;
  }
}
