package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * This image against the templates that run it: the dashboard stack's task definition, as the
 * operator renders it for every example manifest (operator/src/test/resources/golden, which the
 * operator's golden test keeps equal to its renderer), sets every variable the entrypoint requires,
 * nothing this README does not know, and passes credentials only as secrets. And the stacks create
 * the resources whose AWS metrics the dashboards query.
 */
class DashboardStackContractTest {

  private static final Path GOLDEN =
      GrafanaModule.repositoryRoot().resolve("operator/src/test/resources/golden");

  /** Set by Fargate in every task, whatever the task definition says. */
  private static final Set<String> SET_BY_FARGATE = Set.of("AWS_REGION");

  private static final Set<String> CREDENTIALS =
      Set.of("GF_SECURITY_ADMIN_PASSWORD", "DB_READER_PASSWORD", "DB_READER_USER");

  private static List<Path> examples() {
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("dashboard.template.json")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode grafanaContainer(Path example) {
    JsonNode resources =
        GrafanaModule.parseJson(example.resolve("dashboard.template.json")).path("Resources");
    for (JsonNode resource : resources) {
      if (resource.path("Type").asText().equals("AWS::ECS::TaskDefinition")) {
        for (JsonNode container : resource.path("Properties").path("ContainerDefinitions")) {
          if (container.path("PortMappings").toString().contains("3000")) {
            return container;
          }
        }
      }
    }
    throw new AssertionError(example + ": no task definition with a container on port 3000");
  }

  private static Set<String> names(JsonNode list) {
    Set<String> names = new LinkedHashSet<>();
    list.forEach(e -> names.add(e.path("Name").asText()));
    return names;
  }

  /** `require NAME` / `require_name NAME` lines of the entrypoint. */
  static Set<String> requiredByEntrypoint() {
    Matcher m =
        Pattern.compile("(?m)^require(?:_name)? ([A-Z0-9_]+) ")
            .matcher(GrafanaModule.read(GrafanaModule.file("datapipeline-entrypoint.sh")));
    Set<String> names = new LinkedHashSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void everyExampleWithADashboardIsChecked() {
    assertThat(examples()).extracting(p -> p.getFileName().toString()).contains("full", "minimal");
    assertThat(requiredByEntrypoint())
        .contains("PIPELINE", "DB_READER_PASSWORD", "GF_SERVER_ROOT_URL");
  }

  @Test
  void theTaskSetsEveryVariableTheEntrypointRequires() {
    for (Path example : examples()) {
      JsonNode container = grafanaContainer(example);
      Set<String> provided = new HashSet<>(names(container.path("Environment")));
      provided.addAll(names(container.path("Secrets")));
      provided.addAll(SET_BY_FARGATE);
      assertThat(provided).as(example + " task environment").containsAll(requiredByEntrypoint());
    }
  }

  @Test
  void theTaskSetsNothingThisReadmeDoesNotDocument() {
    Set<String> documented = ProvisioningTest.documentedVariables();
    for (Path example : examples()) {
      JsonNode container = grafanaContainer(example);
      for (String name : names(container.path("Environment"))) {
        if (!name.startsWith("GF_") || name.equals("GF_SERVER_ROOT_URL")) {
          assertThat(documented).as(example + " sets " + name).contains(name);
        }
      }
      for (String name : names(container.path("Secrets"))) {
        assertThat(documented).as(example + " injects " + name).contains(name);
      }
    }
  }

  @Test
  void credentialsArriveOnlyAsSecrets() {
    for (Path example : examples()) {
      JsonNode container = grafanaContainer(example);
      assertThat(names(container.path("Environment")))
          .as(example + " plain environment")
          .doesNotContainAnyElementsOf(CREDENTIALS);
      assertThat(names(container.path("Secrets")))
          .as(example + " secrets")
          .contains("GF_SECURITY_ADMIN_PASSWORD", "DB_READER_PASSWORD");
    }
  }

  @Test
  void plainSettingsHoldValuesTheEntrypointAccepts() {
    for (Path example : examples()) {
      for (JsonNode env : grafanaContainer(example).path("Environment")) {
        JsonNode value = env.path("Value");
        if (env.path("Name").asText().equals("DB_SSL_MODE")) {
          assertThat(value.asText())
              .as(example + " DB_SSL_MODE")
              .isIn("verify-full", "verify-ca", "require");
        }
        if (env.path("Name").asText().equals("DB_NAME")) {
          assertThat(value.asText()).as(example + " DB_NAME").isEqualTo("datapipeline");
        }
      }
    }
  }

  @Test
  void healthChecksUseGrafanasHealthEndpoint() {
    for (Path example : examples()) {
      assertThat(grafanaContainer(example).path("HealthCheck").path("Command").toString())
          .as(example + " container health check")
          .contains(":3000/api/health");
      JsonNode resources =
          GrafanaModule.parseJson(example.resolve("dashboard.template.json")).path("Resources");
      boolean targetGroupChecksHealth = false;
      for (JsonNode resource : resources) {
        if (resource.path("Type").asText().equals("AWS::ElasticLoadBalancingV2::TargetGroup")) {
          assertThat(resource.path("Properties").path("HealthCheckPath").asText())
              .isEqualTo("/api/health");
          assertThat(resource.path("Properties").path("Port").asInt()).isEqualTo(3000);
          targetGroupChecksHealth = true;
        }
      }
      assertThat(targetGroupChecksHealth).as(example + " has a target group").isTrue();
    }
  }

  @Test
  void theStacksCreateTheResourcesWhoseMetricsTheDashboardsQuery() {
    for (Path example : examples()) {
      Set<String> types = new HashSet<>();
      try (Stream<Path> templates = Files.list(example)) {
        templates
            .filter(t -> t.getFileName().toString().endsWith(".template.json"))
            .forEach(
                t ->
                    GrafanaModule.parseJson(t)
                        .path("Resources")
                        .forEach(r -> types.add(r.path("Type").asText())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (Map.Entry<String, String> ns : EmittedMetrics.awsResourceTypes().entrySet()) {
        assertThat(types).as(example + ": " + ns.getKey() + " comes from").contains(ns.getValue());
      }
    }
  }
}
