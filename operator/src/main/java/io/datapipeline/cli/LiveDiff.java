package io.datapipeline.cli;

import io.datapipeline.api.v1alpha1.AwsSpec;
import io.datapipeline.operator.aws.SdkCloudFormationApi;
import io.datapipeline.operator.cloudformation.ResourceChange;
import io.datapipeline.operator.deploy.ChangeSetSummary;
import io.datapipeline.operator.deploy.DataResources;
import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.render.PipelineIdentity;
import io.datapipeline.render.StackPlan;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** {@code render --diff}: prints the change sets a manifest would make, previewed on AWS. */
record LiveDiff(PrintWriter out, PrintWriter err, String endpointUrl) {

  /** A blank endpoint (an unset option) means AWS's own. */
  LiveDiff {
    endpointUrl = endpointUrl == null || endpointUrl.isBlank() ? null : endpointUrl;
  }

  int run(AwsSpec aws, PipelineIdentity identity, StackPlan plan) {
    Region region = Region.of(aws.region);
    try (var http = UrlConnectionHttpClient.builder().build()) {
      AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
      try {
        credentials.resolveCredentials();
      } catch (SdkException e) {
        err.println(
            "render --diff needs AWS credentials (environment, profile or instance role): "
                + e.getMessage());
        err.flush();
        return 1;
      }
      StsClient sts = null;
      if (aws.roleArn != null) {
        var stsBuilder =
            StsClient.builder().region(region).httpClient(http).credentialsProvider(credentials);
        if (endpointUrl != null) {
          stsBuilder.endpointOverride(URI.create(endpointUrl));
        }
        sts = stsBuilder.build();
        credentials =
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(aws.roleArn).roleSessionName("datapipeline-diff"))
                .build();
      }
      var builder =
          CloudFormationClient.builder()
              .region(region)
              .httpClient(http)
              .credentialsProvider(credentials);
      if (endpointUrl != null) {
        builder.endpointOverride(URI.create(endpointUrl));
      }
      try (CloudFormationClient client = builder.build()) {
        ChangeSetPreview preview =
            new ChangeSetPreview(
                new SdkCloudFormationApi(client, () -> {}), Duration.ofMinutes(2), LiveDiff::pause);
        String name = "dp-diff-" + Instant.now().getEpochSecond();
        return print(identity, aws, preview.preview(plan, name, aws.cloudFormationRoleArn));
      } catch (SdkException | AwsCallException e) {
        err.println("render --diff: " + e.getMessage());
        err.flush();
        return 1;
      } finally {
        if (sts != null) {
          sts.close();
        }
      }
    }
  }

  private int print(
      PipelineIdentity identity, AwsSpec aws, List<ChangeSetPreview.StackPreview> previews) {
    out.printf(
        "Change sets CloudFormation would run for %s in %s (created, read, deleted; nothing"
            + " executed):%n",
        identity.qualifiedName(), aws.region);
    boolean destructive = false;
    for (ChangeSetPreview.StackPreview p : previews) {
      String head = String.format("  %-10s %s", p.stack().component().id(), p.stack().stackName());
      if (p.changeSet() == null) {
        out.printf("%s: not previewed: %s%n", head, p.note());
        continue;
      }
      if (p.changeSet().hasNoChanges()) {
        out.printf("%s: no changes%n", head);
        continue;
      }
      if (p.changeSet().failed()) {
        out.printf(
            "%s: CloudFormation refused the change set: %s%n", head, p.changeSet().statusReason());
        continue;
      }
      out.printf(
          "%s: %s %s%n",
          head, p.create() ? "CREATE" : "UPDATE", ChangeSetSummary.line(p.changeSet()));
      for (ResourceChange c : p.changeSet().resourceChanges()) {
        boolean data = DataResources.destructive(List.of(c)).size() == 1;
        out.printf(
            "      %-7s %-30s %-32s replacement: %s%s%n",
            c.action(),
            c.logicalId(),
            c.resourceType(),
            c.replacement() == null ? "-" : c.replacement(),
            data ? "   <- DATA: waits for approval under replacementPolicy Guard" : "");
      }
      destructive |= !p.destructive().isEmpty();
    }
    if (destructive) {
      out.printf(
          "At least one change set would replace or remove a data resource: review it before"
              + " approving (see docs/change-control.md).%n");
    }
    out.flush();
    return destructive ? RenderCommand.DATA_REPLACEMENT : 0;
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a change set", e);
    }
  }
}
