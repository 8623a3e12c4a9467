package io.datapipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.render.Examples;
import io.datapipeline.render.StackSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RenderCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new Main());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  private int render(Path manifest, Path dir) {
    return run(
        "render",
        "-f",
        manifest.toString(),
        "-o",
        dir.toString(),
        "--converter-image",
        Examples.DEFAULTS.converterImage(),
        "--grafana-image",
        Examples.DEFAULTS.grafanaImage());
  }

  @Test
  void writesTemplateAndParametersOfEveryStackAndPrintsThePlanInOrder(@TempDir Path dir)
      throws Exception {
    assertThat(render(Examples.manifest("own-network"), dir)).isZero();

    List<StackSpec> expected = Examples.render("own-network").stacks();
    for (StackSpec stack : expected) {
      String component = stack.component().id();
      assertThat(Files.readString(dir.resolve(component + ".template.json")))
          .as("the CLI writes what the renderer renders")
          .isEqualTo(stack.templateBody());
      assertThat(dir.resolve(component + ".parameters.json")).exists();
    }
    assertThat(dir.resolve("bootstrap.template.json")).exists();
    assertThat(out.toString())
        .containsSubsequence(
            "1. network",
            "dp-tenant-c-airports-network",
            "2. database",
            "depends on: network",
            "3. table",
            "4. converter",
            "depends on: network, database, table",
            "5. storage",
            "depends on: converter",
            "6. dashboard");
  }

  @Test
  void parametersNameTheirSourceStackOrCarryTheLiteralValue(@TempDir Path dir) throws Exception {
    assertThat(render(Examples.manifest("minimal"), dir)).isZero();

    JsonNode parameters =
        CanonicalJson.mapper().readTree(dir.resolve("converter.parameters.json").toFile());
    assertThat(parameters.get("PrivateSubnetIds").asText())
        .isEqualTo("subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002");
    assertThat(parameters.get("DatabaseEndpoint").get("fromStack").asText()).isEqualTo("database");
    assertThat(parameters.get("DatabaseEndpoint").get("output").asText())
        .isEqualTo("DatabaseEndpoint");
  }

  @Test
  void writesTheSchemaArtifactUnderItsKey(@TempDir Path dir) throws Exception {
    assertThat(render(Examples.manifest("minimal"), dir)).isZero();

    var artifacts = Examples.render("minimal").artifacts();
    for (var artifact : artifacts.entrySet()) {
      assertThat(dir.resolve("artifacts").resolve(artifact.getKey()))
          .hasContent(artifact.getValue());
    }
  }

  @Test
  void invalidEnumValueExitsWithCode2NamingTheField(@TempDir Path dir) throws Exception {
    Path manifest =
        withChange(dir, "minimal", "  schema:\n", "  table:\n    billingMode: FREE\n  schema:\n");

    assertThat(render(manifest, dir.resolve("out"))).isEqualTo(2);
    assertThat(err.toString()).contains("spec.table.billingMode");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void unknownFieldExitsWithCode2NamingTheField(@TempDir Path dir) throws Exception {
    Path manifest =
        withChange(dir, "minimal", "  schema:\n", "  databse:\n    multiAZ: true\n  schema:\n");

    assertThat(render(manifest, dir.resolve("out"))).isEqualTo(2);
    assertThat(err.toString()).contains("spec.databse").contains("unknown field");
  }

  @Test
  void missingRequiredFieldExitsWithCode2NamingTheField(@TempDir Path dir) throws Exception {
    Path manifest = withChange(dir, "minimal", "    primaryKey: [date]\n", "");

    assertThat(render(manifest, dir.resolve("out"))).isEqualTo(2);
    assertThat(err.toString()).contains("spec.schema.primaryKey");
  }

  @Test
  void missingImageWithoutDefaultExitsWithCode2NamingTheField(@TempDir Path dir) {
    int code =
        run(
            "render",
            "-f",
            Examples.manifest("minimal").toString(),
            "-o",
            dir.toString(),
            "--converter-image=",
            "--grafana-image=");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("spec.converter.image");
  }

  @Test
  void primaryKeyNotAmongTheColumnsExitsWithCode2(@TempDir Path dir) throws Exception {
    Path manifest = withChange(dir, "minimal", "primaryKey: [date]", "primaryKey: [day]");

    assertThat(render(manifest, dir.resolve("out"))).isEqualTo(2);
    assertThat(err.toString()).contains("spec.schema.primaryKey");
  }

  @Test
  void withoutOutputDirectoryOrDiffExitsWithCode1AndSaysWhatIsMissing() {
    int code =
        run(
            "render",
            "-f",
            Examples.manifest("minimal").toString(),
            "--converter-image",
            Examples.DEFAULTS.converterImage(),
            "--grafana-image",
            Examples.DEFAULTS.grafanaImage());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("-o/--output").contains("--diff");
  }

  private static Path withChange(Path dir, String example, String from, String to)
      throws Exception {
    String text = Files.readString(Examples.manifest(example));
    assertThat(text).contains(from);
    Path manifest = dir.resolve(example + "-changed.yaml");
    Files.writeString(manifest, text.replace(from, to));
    return manifest;
  }
}
