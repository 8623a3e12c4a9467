package io.datapipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.aws.SdkCloudFormationApi;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.render.Component;
import io.datapipeline.render.Examples;
import io.datapipeline.render.StackSpec;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** {@code render --diff} against moto_server through the real SDK: previews, prints, cleans up. */
@ExtendWith(MotoExtension.class)
class RenderDiffIT {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void credentials() {
    // The default credential chain, as on a reviewer's machine; moto accepts any key.
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
  }

  private int diff(MotoAws aws) {
    CommandLine command = new CommandLine(new Main());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(
        "render",
        "--diff",
        "-f",
        Examples.manifest("minimal").toString(),
        "--endpoint-url",
        aws.endpoint().toString(),
        "--converter-image",
        Examples.DEFAULTS.converterImage(),
        "--grafana-image",
        Examples.DEFAULTS.grafanaImage());
  }

  private static StackSpec stack(Component component) {
    return Examples.render("minimal").stacks().stream()
        .filter(s -> s.component() == component)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void newPipelinePreviewsCreatesAndLeavesNothingBehind(MotoAws aws) {
    int exit = diff(aws);

    assertThat(exit).as(err.toString()).isZero();
    StackSpec table = stack(Component.TABLE);
    assertThat(out.toString())
        .contains("Change sets CloudFormation would run for tenant-a/weather in eu-west-1")
        .contains(table.stackName() + ": CREATE ")
        .contains("Add     ")
        .contains("AWS::DynamoDB::Table")
        .contains("not previewed: needs output");
    CloudFormationClient client = aws.client(CloudFormationClient.builder());
    assertThat(client.describeStacks().stacks())
        .allMatch(s -> s.stackStatusAsString().equals("DELETE_COMPLETE"));
  }

  @Test
  void deployedStackShowsItsUpdateAndFlagsTheRemovalOfABucket(MotoAws aws) {
    CloudFormationClient client = aws.client(CloudFormationClient.builder());
    SdkCloudFormationApi api = new SdkCloudFormationApi(client, () -> {});
    StackSpec table = stack(Component.TABLE);
    // Deployed earlier with one more resource: a bucket the new template no longer has.
    String older =
        table
            .templateBody()
            .replaceFirst(
                "\"Resources\"\\s*:\\s*\\{",
                "\"Resources\":{\"Legacy\":{\"Type\":\"AWS::S3::Bucket\"},");
    assertThat(older).contains("Legacy");
    api.createChangeSet(
        new ChangeSetRequest(
            table.stackName(),
            "dp-1-create",
            true,
            older,
            null,
            Map.of(),
            table.tags(),
            table.capabilities(),
            null));
    api.executeChangeSet(table.stackName(), "dp-1-create");

    int exit = diff(aws);

    assertThat(exit).as(err.toString()).isEqualTo(RenderCommand.DATA_REPLACEMENT);
    assertThat(out.toString())
        .contains(table.stackName() + ": UPDATE ")
        .contains("Legacy")
        .contains("<- DATA")
        .contains("would replace or remove a data resource");
    assertThat(api.describeStack(table.stackName()).orElseThrow().status())
        .isEqualTo("CREATE_COMPLETE");
    assertThat(client.listChangeSets(r -> r.stackName(table.stackName())).summaries())
        .noneMatch(s -> s.changeSetName().startsWith("dp-diff-"));
  }
}
