package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * operator/Dockerfile cannot be built here (no Docker engine), so its promises are checked against
 * the chart and the contracts: the numeric non-root user the chart runs as, no instruction that
 * needs a shell, the jar docs/contracts.md names, the ports the chart probes and scrapes.
 */
class OperatorImageTest {

  private static final String JAR = "datapipeline-operator.jar";

  private final List<String> instructions = instructions(dockerfile());

  @Test
  void runsOnADistrolessJreOfTheProjectsJavaRelease() throws IOException {
    String release = javaRelease();

    assertThat(instruction("FROM"))
        .singleElement()
        .asString()
        .startsWith("gcr.io/distroless/java" + release + "-")
        .endsWith(":nonroot");
  }

  @Test
  void runsAsTheNumericNonRootUserTheChartSets() {
    PodSecurityContext pod =
        InstallVariants.render(InstallVariants.DEFAULTS)
            .deployment()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getSecurityContext();

    assertThat(instruction("USER")).containsExactly(pod.getRunAsUser() + ":" + pod.getRunAsGroup());
    assertThat(pod.getRunAsUser()).isNotZero();
  }

  @Test
  void needsNoShellToBuildOrRun() throws IOException {
    List<String> entrypoint =
        new ObjectMapper()
            .readValue(instruction("ENTRYPOINT").get(0), new TypeReference<List<String>>() {});

    assertThat(instruction("RUN")).as("distroless has no shell to RUN with").isEmpty();
    assertThat(instruction("SHELL")).isEmpty();
    assertThat(instruction("CMD")).isEmpty();
    assertThat(entrypoint).containsExactly("/usr/bin/java", "-jar", "/app/" + JAR, "run");
  }

  @Test
  void copiesTheOperatorJarTheContractNamesAndOnlyThat() throws IOException {
    String contracts = Files.readString(RepositoryFiles.root().resolve("docs/contracts.md"));
    List<String> dockerignore =
        Files.readAllLines(RepositoryFiles.root().resolve("operator/.dockerignore"));

    assertThat(contracts).contains("`operator/target/" + JAR + "`");
    assertThat(instruction("COPY")).containsExactly("target/" + JAR + " /app/" + JAR);
    assertThat(dockerignore).contains("*", "!target/" + JAR);
  }

  @Test
  void exposesThePortsTheChartProbesAndScrapes() {
    List<ContainerPort> ports =
        InstallVariants.render(InstallVariants.DEFAULTS).operatorContainer().getPorts();

    assertThat(instruction("EXPOSE"))
        .singleElement()
        .asString()
        .isEqualTo(
            ports.stream()
                .map(p -> String.valueOf(p.getContainerPort()))
                .reduce((a, b) -> a + " " + b)
                .orElseThrow());
  }

  /** Arguments of every instruction of this kind, in order. */
  private List<String> instruction(String keyword) {
    List<String> found = new ArrayList<>();
    for (String line : instructions) {
      String[] parts = line.split("\\s+", 2);
      if (parts[0].equalsIgnoreCase(keyword)) {
        found.add(parts.length > 1 ? parts[1].trim() : "");
      }
    }
    return found;
  }

  private static String dockerfile() {
    try {
      return Files.readString(RepositoryFiles.root().resolve("operator/Dockerfile"));
    } catch (IOException e) {
      throw new AssertionError("operator/Dockerfile is missing", e);
    }
  }

  /** Instructions with comments dropped and continuation lines joined. */
  private static List<String> instructions(String dockerfile) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : dockerfile.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      if (!current.toString().isBlank()) {
        result.add(current.toString().strip());
      }
      current.setLength(0);
    }
    return result;
  }

  private static String javaRelease() throws IOException {
    Path pom = RepositoryFiles.root().resolve("pom.xml");
    Matcher matcher =
        Pattern.compile("<maven.compiler.release>(\\d+)</maven.compiler.release>")
            .matcher(Files.readString(pom));
    assertThat(matcher.find()).as("maven.compiler.release in %s", pom).isTrue();
    return matcher.group(1);
  }
}
