package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.render.cfn.Json;
import io.datapipeline.render.cfn.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rendered template passes AWS's CloudFormation linter with no error and no warning. All
 * templates go to one cfn-lint run (it costs ~3 s to start). A deliberately broken canary template
 * rides along, proving the linter ran and reports what it finds.
 */
class CfnLintIT {

  static final String CANARY = "canary.template.json";
  static final String IGNORED = "ignored.template.json";

  @Test
  void everyRenderedTemplatePassesCfnLint(@TempDir Path dir) throws Exception {
    List<String> files = new ArrayList<>();
    for (var plan : SpecVariants.allPlans().entrySet()) {
      for (StackSpec stack : plan.getValue().stacks()) {
        String file = plan.getKey() + "-" + stack.component().id() + ".template.json";
        Files.writeString(dir.resolve(file), stack.templateBody());
        files.add(file);
        // The deletion path: the update just before the delete must deploy too.
        String before =
            plan.getKey() + "-" + stack.component().id() + ".before-delete.template.json";
        DeletionPrelude.unprotected(stack.templateBody())
            .ifPresent(
                body -> {
                  try {
                    Files.writeString(dir.resolve(before), body);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  files.add(before);
                });
      }
    }
    Files.writeString(
        dir.resolve("bootstrap.template.json"), new BootstrapRenderer().render().templateBody());
    files.add("bootstrap.template.json");
    // A per-resource ignore with its reason (the only way a rule may be ignored) silences exactly
    // that rule for exactly that resource.
    Template ignoring = new Template("per-resource ignore");
    ignoring
        .resource("Bucket", "AWS::S3::Bucket", Json.obj("BucketNam", "typo-ignored-on-purpose"))
        .ignoreLintRules("checks that an ignore with a reason is honoured", "E3002");
    Files.writeString(dir.resolve(IGNORED), ignoring.toJson());
    files.add(IGNORED);
    Files.writeString(
        dir.resolve(CANARY),
        "{\"Resources\": {\"Bucket\": {\"Type\": \"AWS::S3::Bucket\","
            + " \"Properties\": {\"BucketNam\": \"typo\"}}}}");
    files.add(CANARY);

    List<String> command = new ArrayList<>(List.of(cfnLint(), "--format", "parseable", "--"));
    command.addAll(files);
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();

    List<String> findings = output.lines().filter(line -> !line.isBlank()).toList();
    assertThat(findings)
        .as("the canary's misspelt property is reported (proves cfn-lint ran)")
        .anyMatch(line -> line.startsWith(CANARY) && line.contains("E3002"));
    assertThat(findings.stream().filter(line -> !line.startsWith(CANARY)))
        .as("cfn-lint findings in rendered templates")
        .isEmpty();
    assertThat(files).hasSizeGreaterThan(10);
  }

  static String cfnLint() throws IOException {
    return System.getenv().getOrDefault("CFN_LINT", "cfn-lint");
  }
}
