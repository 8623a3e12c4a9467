package io.datapipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorVersion;
import io.datapipeline.render.Examples;
import io.datapipeline.render.StackSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class RenderCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** The environment the render command reads CONVERTER_IMAGE / GRAFANA_IMAGE from. */
  private Map<String, String> environment = Map.of();

  private int run(String... args) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            K created = CommandLine.defaultFactory().create(type);
            if (created instanceof RenderCommand render) {
              render.environment = environment;
            }
            return created;
          }
        };
    CommandLine command = new CommandLine(new Main(), factory);
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  /** {@code render} of the minimal example into {@code dir} with {@code flags} only. */
  private int renderMinimal(Path dir, String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of("render", "-f", Examples.manifest("minimal").toString(), "-o", dir.toString()));
    args.addAll(List.of(flags));
    return run(args.toArray(String[]::new));
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
            "dp-tenant-c-airports-a04d707f0f9993a9-network",
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

  /** The minimal example with one edit that makes it invalid, and what the error must name. */
  static Stream<Arguments> invalidManifests() {
    return Stream.of(
        argumentSet(
            "invalid enum value exits with code 2 naming the field",
            "  schema:\n",
            "  table:\n    billingMode: FREE\n  schema:\n",
            List.of("spec.table.billingMode")),
        argumentSet(
            "unknown field exits with code 2 naming the field",
            "  schema:\n",
            "  databse:\n    multiAZ: true\n  schema:\n",
            List.of("spec.databse", "unknown field")),
        // schema.primaryKey is optional (keyless data); a column's type is not.
        argumentSet(
            "missing required field exits with code 2 naming the field",
            "{name: weather, type: string}",
            "{name: weather}",
            List.of("spec.schema.columns[5].type")),
        argumentSet(
            "primary key not among the columns exits with code 2",
            "primaryKey: [date]",
            "primaryKey: [day]",
            List.of("spec.schema.primaryKey")));
  }

  @ParameterizedTest(name = "{argumentSetName}")
  @MethodSource("invalidManifests")
  void invalidManifestExitsWithCode2NamingTheFieldAndWritesNothing(
      String from, String to, List<String> named, @TempDir Path dir) throws Exception {
    Path manifest = withChange(dir, "minimal", from, to);

    assertThat(render(manifest, dir.resolve("out"))).isEqualTo(2);
    assertThat(err.toString()).contains(named);
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void emptyDefaultImageIsReportedAsTheSettingsProblemNotAnInvalidManifest(@TempDir Path dir) {
    int code = renderMinimal(dir.resolve("out"), "--converter-image=", "--grafana-image=");

    assertThat(code).isEqualTo(RenderCommand.NO_DEFAULT_IMAGE).isEqualTo(3);
    assertThat(err.toString())
        .doesNotContain("invalid manifest")
        .contains("no default is configured")
        .contains("spec.converter.image")
        .as("both missing images at once")
        .contains("spec.dashboard.image");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @ParameterizedTest
  @MethodSource("io.datapipeline.render.Examples#names")
  void everyExampleRendersWithNoImageFlagsAndSaysWhichImagesItUsed(
      String example, @TempDir Path dir) throws Exception {
    int code = run("render", "-f", Examples.manifest(example).toString(), "-o", dir.toString());

    assertThat(code).as(err.toString()).isZero();
    DataPipeline pipeline = Examples.load(example);
    String region = pipeline.getSpec().aws.region;
    String converterImage =
        pipeline.getSpec().converter.image != null
            ? pipeline.getSpec().converter.image
            : RenderCommand.EXAMPLE_ACCOUNT
                + ".dkr.ecr."
                + region
                + ".amazonaws.com/datapipeline-converter:"
                + OperatorVersion.current();
    JsonNode converter =
        CanonicalJson.mapper().readTree(dir.resolve("converter.template.json").toFile());
    assertThat(converter.findValue("ImageUri").asText()).isEqualTo(converterImage);
    assertThat(out.toString()).contains("Images:").contains("converter  " + converterImage);
    if (Boolean.TRUE.equals(pipeline.getSpec().dashboard.enabled)) {
      assertThat(out.toString()).contains("grafana    ");
    }
  }

  @Test
  void defaultImagesNameTheManifestsRegionAndTheExampleAccount(@TempDir Path dir) {
    assertThat(renderMinimal(dir)).isZero();

    assertThat(out.toString())
        .contains(
            "converter  111122223333.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:"
                + OperatorVersion.current()
                + "  (operator default; {region}=eu-west-1; {account}=111122223333: AWS's example"
                + " account, pass --account for yours)")
        .contains(
            "grafana    111122223333.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-grafana:"
                + OperatorVersion.current());
  }

  @Test
  void accountFlagAndEnvironmentImageAreUsed(@TempDir Path dir) throws Exception {
    environment = Map.of("CONVERTER_IMAGE", "{account}.dkr.ecr.{region}.amazonaws.com/mine:3");

    assertThat(
            run(
                "render",
                "-f",
                Examples.manifest("own-network").toString(),
                "-o",
                dir.toString(),
                "--account",
                "444455556666"))
        .as(err.toString())
        .isZero();

    JsonNode converter =
        CanonicalJson.mapper().readTree(dir.resolve("converter.template.json").toFile());
    assertThat(converter.findValue("ImageUri").asText())
        .isEqualTo("444455556666.dkr.ecr.us-east-1.amazonaws.com/mine:3");
    assertThat(out.toString())
        .contains("(CONVERTER_IMAGE; {region}=us-east-1; {account}=444455556666: --account)");
  }

  @Test
  void unknownPlaceholderInAnImageFlagExitsWith3NamingTheFlag(@TempDir Path dir) {
    int code =
        renderMinimal(dir.resolve("out"), "--grafana-image", "registry.example/grafana:{tag}");

    assertThat(code).isEqualTo(3);
    assertThat(err.toString())
        .doesNotContain("invalid manifest")
        .contains("--grafana-image")
        .contains("unknown placeholder {tag}");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void invalidManifestListsEveryViolationAtOnce(@TempDir Path dir) throws Exception {
    Path manifest =
        withChange(
            dir,
            "minimal",
            "  schema:\n    primaryKey: [date]\n",
            "  table:\n    billingMode: FREE\n  databse:\n    multiAZ: true\n  schema:\n"
                + "    primaryKey: [day]\n");

    assertThat(render(manifest, dir.resolve("out"))).isEqualTo(RenderCommand.INVALID_MANIFEST);
    String[] lines = err.toString().split("\\R");
    assertThat(lines[0]).startsWith("invalid manifest ").endsWith(": 3 problems");
    assertThat(lines)
        .anySatisfy(line -> assertThat(line).startsWith("  spec.table.billingMode: "))
        .anySatisfy(
            line -> assertThat(line).startsWith("  spec.databse: ").contains("unknown field"))
        .anySatisfy(line -> assertThat(line).startsWith("  spec.schema.primaryKey: "));
    assertThat(dir.resolve("out")).doesNotExist();
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
