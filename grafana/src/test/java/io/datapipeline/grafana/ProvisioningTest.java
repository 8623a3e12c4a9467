package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProvisioningTest {

  private static final Pattern ENV_REFERENCE =
      Pattern.compile("\\$\\{([A-Z0-9_]+)}|\\$([A-Z0-9_]+)");

  @Test
  void everyProvisioningFileParsesAsApiVersion1() {
    assertThat(GrafanaModule.provisioningFiles()).hasSizeGreaterThanOrEqualTo(2);
    for (Path file : GrafanaModule.provisioningFiles()) {
      assertThat(file.getFileName().toString()).as(file + " is YAML").endsWith(".yaml");
      assertThat(GrafanaModule.parseYaml(file).path("apiVersion").asInt())
          .as(file + " apiVersion")
          .isEqualTo(1);
    }
  }

  @Test
  void postgresIsReadOnlyRoleOverTlsWithTheSecretOnlyInSecureJsonData() {
    JsonNode pg = Datasources.provisioned().get(Datasources.POSTGRES_UID);
    assertThat(pg.path("type").asText()).isEqualTo(Datasources.POSTGRES_TYPE);
    assertThat(pg.path("user").asText()).isEqualTo("${DB_READER_USER}");
    assertThat(pg.path("secureJsonData").path("password").asText())
        .isEqualTo("${DB_READER_PASSWORD}");
    assertThat(pg.path("password").isMissingNode()).as("no plain password field").isTrue();
    assertThat(pg.path("jsonData").path("sslmode").asText()).isEqualTo("${DB_SSL_MODE}");
    assertThat(pg.path("jsonData").path("sslRootCertFile").asText())
        .as("the CA bundle the Dockerfile bakes in")
        .isEqualTo("/etc/grafana/rds-ca/global-bundle.pem");
    assertThat(dockerfile())
        .contains("/etc/grafana/rds-ca/global-bundle.pem", "DB_SSL_MODE=verify-full");
    assertThat(dockerfile()).contains("DB_READER_USER=grafana_reader");
    assertThat(pg.path("editable").asBoolean(true)).isFalse();
  }

  @Test
  void cloudWatchUsesTheTaskRoleAndThePipelineRegion() {
    JsonNode cw = Datasources.provisioned().get(Datasources.CLOUDWATCH_UID);
    assertThat(cw.path("type").asText()).isEqualTo(Datasources.CLOUDWATCH_TYPE);
    assertThat(cw.path("jsonData").path("authType").asText())
        .as("AWS SDK default chain: the ECS task role")
        .isEqualTo("default");
    assertThat(cw.path("secureJsonData").isMissingNode()).as("no access keys").isTrue();
    assertThat(cw.path("jsonData").path("defaultRegion").asText()).isEqualTo("${AWS_REGION}");
    assertThat(cw.path("jsonData").path("customMetricsNamespaces").asText())
        .isEqualTo(EmittedMetrics.converterNamespace().name());
  }

  @Test
  void everyEnvironmentVariableTheProvisioningReadsIsDocumentedAndCheckedAtStart() {
    Set<String> referenced = new LinkedHashSet<>();
    for (Path file : GrafanaModule.provisioningFiles()) {
      // Comment lines explain the syntax (`${VAR}`); Grafana expands only the values.
      String values = GrafanaModule.read(file).replaceAll("(?m)^\\s*#.*$", "");
      Matcher m = ENV_REFERENCE.matcher(values);
      while (m.find()) {
        referenced.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    assertThat(referenced).contains("DB_HOST", "DB_READER_PASSWORD", "AWS_REGION");
    Set<String> documented = documentedVariables();
    String entrypoint = GrafanaModule.read(GrafanaModule.file("datapipeline-entrypoint.sh"));
    for (String name : referenced) {
      assertThat(documented).as(name + " documented in README.md").contains(name);
      assertThat(entrypoint)
          .as(name + " required or defaulted by the entrypoint")
          .containsPattern("(require(_name)? " + name + " |export " + name + "=)");
    }
  }

  @Test
  void everyDocumentedVariableIsOneTheEntrypointHandles() {
    String entrypoint = GrafanaModule.read(GrafanaModule.file("datapipeline-entrypoint.sh"));
    for (String name : documentedVariables()) {
      assertThat(entrypoint).as(name + " handled by the entrypoint").contains(name);
    }
  }

  @Test
  void dashboardsAreRenderedWhereTheProviderReadsThemAndTheHomeDashboardIsAmongThem() {
    JsonNode provider =
        GrafanaModule.parseYaml(GrafanaModule.file("provisioning/dashboards/datapipeline.yaml"))
            .path("providers")
            .get(0);
    String path = provider.path("options").path("path").asText();
    assertThat(provider.path("allowUiUpdates").asBoolean(true)).isFalse();
    assertThat(provider.path("disableDeletion").asBoolean()).isTrue();
    assertThat(GrafanaModule.read(GrafanaModule.file("datapipeline-entrypoint.sh")))
        .contains("DASHBOARD_DIR=\"${DP_DASHBOARD_DIR:-" + path + "}\"");
    assertThat(dockerfile())
        .contains("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH=" + path + "/pipeline-overview.json");
  }

  /** Names in the first column of README.md's environment table. */
  static Set<String> documentedVariables() {
    String readme = GrafanaModule.read(GrafanaModule.file("README.md"));
    Matcher m = Pattern.compile("(?m)^\\| `([A-Z0-9_]+)` \\|").matcher(readme);
    Set<String> names = new LinkedHashSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String dockerfile() {
    return GrafanaModule.read(GrafanaModule.file("Dockerfile"));
  }
}
