package io.datapipeline.cli;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.render.BootstrapStack;
import io.datapipeline.render.InvalidSpecException;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.PipelineIdentity;
import io.datapipeline.render.PipelineRenderer;
import io.datapipeline.render.RenderDefaults;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code render -f manifest.yaml -o dir}: writes every stack's template and parameters, the
 * bootstrap template and the artifacts, and prints the plan. Touches no AWS or Kubernetes API.
 *
 * <p>{@code render --diff -f manifest.yaml}: against the live account (the default AWS credentials,
 * or spec.aws.roleArn assumed with them), creates the change sets CloudFormation would run, prints
 * them and deletes them again. For pull-request review.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description =
        "Render a DataPipeline manifest into CloudFormation templates (no AWS or cluster calls).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:rendered (or, with --diff, previewed)",
      "1:could not read or write files, or reach AWS",
      "2:invalid manifest",
      "3:--diff: a change set would replace or remove a data resource"
    })
final class RenderCommand implements Callable<Integer> {

  static final int INVALID_MANIFEST = 2;
  static final int DATA_REPLACEMENT = 3;

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "DataPipeline manifest (YAML or JSON).")
  Path manifest;

  @Option(
      names = {"-o", "--output"},
      description =
          "Directory for <component>.template.json and <component>.parameters.json (required"
              + " unless --diff).")
  Path output;

  @Option(
      names = "--diff",
      description =
          "Preview against the live account: create the change sets CloudFormation would run,"
              + " print them, delete them. Needs AWS credentials.")
  boolean diff;

  @Option(
      names = "--endpoint-url",
      defaultValue = "${env:AWS_ENDPOINT_URL}",
      description = "CloudFormation endpoint for --diff (env AWS_ENDPOINT_URL; e.g. moto_server).")
  String endpointUrl;

  @Option(
      names = "--converter-image",
      defaultValue = "${env:CONVERTER_IMAGE}",
      description = "Default converter image when the spec has none (env CONVERTER_IMAGE).")
  String converterImage;

  @Option(
      names = "--grafana-image",
      defaultValue = "${env:GRAFANA_IMAGE}",
      description = "Default Grafana image when the spec has none (env GRAFANA_IMAGE).")
  String grafanaImage;

  @Option(
      names = "--uid",
      description =
          "Pipeline uid when the manifest has none (default: derived from namespace/name, so"
              + " renders are repeatable; the cluster assigns the real one).")
  String uid;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StackPlan plan;
    PipelineIdentity identity;
    io.datapipeline.api.v1alpha1.AwsSpec pipelineAws;
    try {
      DataPipeline pipeline = new ManifestLoader().load(manifest);
      pipelineAws = pipeline.getSpec().aws;
      identity = identity(pipeline);
      plan =
          new PipelineRenderer(new RenderDefaults(converterImage, grafanaImage))
              .render(pipeline.getSpec(), identity);
    } catch (InvalidSpecException e) {
      err.println("invalid manifest " + manifest + ": " + e.getMessage());
      err.flush();
      return INVALID_MANIFEST;
    }
    if (diff) {
      return new LiveDiff(out, err, endpointUrl).run(pipelineAws, identity, plan);
    }
    if (output == null) {
      err.println("render needs -o/--output (or --diff to preview against AWS)");
      err.flush();
      return 1;
    }
    BootstrapStack bootstrap = new BootstrapRenderer().render();
    write(plan, bootstrap);
    printPlan(out, identity, plan, bootstrap);
    return 0;
  }

  private PipelineIdentity identity(DataPipeline pipeline) {
    var metadata = pipeline.getMetadata();
    String namespace = metadata.getNamespace() == null ? "default" : metadata.getNamespace();
    String effectiveUid = metadata.getUid() != null ? metadata.getUid() : uid;
    if (effectiveUid == null) {
      effectiveUid =
          UUID.nameUUIDFromBytes(
                  (namespace + "/" + metadata.getName()).getBytes(StandardCharsets.UTF_8))
              .toString();
    }
    return new PipelineIdentity(namespace, metadata.getName(), effectiveUid);
  }

  private void write(StackPlan plan, BootstrapStack bootstrap) throws IOException {
    Files.createDirectories(output);
    Map<String, Object> planDocument = new LinkedHashMap<>();
    for (StackSpec stack : plan.stacks()) {
      String component = stack.component().id();
      Files.writeString(output.resolve(component + ".template.json"), stack.templateBody());
      Files.writeString(
          output.resolve(component + ".parameters.json"),
          CanonicalJson.pretty(parameters(stack.parameters())));
      Map<String, Object> entry = new TreeMap<>();
      entry.put("stackName", stack.stackName());
      entry.put("dependsOn", stack.dependsOn().stream().map(c -> c.id()).toList());
      entry.put("capabilities", List.copyOf(stack.capabilities()));
      entry.put("tags", stack.tags());
      entry.put("templateHash", stack.templateHash());
      planDocument.put(component, entry);
    }
    Files.writeString(output.resolve("bootstrap.template.json"), bootstrap.templateBody());
    for (Map.Entry<String, String> artifact : plan.artifacts().entrySet()) {
      Path file = output.resolve("artifacts").resolve(artifact.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, artifact.getValue());
    }
    Files.writeString(output.resolve("plan.json"), CanonicalJson.pretty(planDocument));
  }

  /**
   * Parameters as JSON: a literal is a string; an output of another stack is {@code {"fromStack":
   * component, "output": key}}, resolved by whoever deploys.
   */
  static Map<String, Object> parameters(Map<String, ParameterValue> parameters) {
    Map<String, Object> json = new TreeMap<>();
    parameters.forEach(
        (name, value) -> {
          if (value instanceof ParameterValue.FromOutput from) {
            json.put(name, Map.of("fromStack", from.component().id(), "output", from.outputKey()));
          } else {
            json.put(name, ((ParameterValue.Literal) value).value());
          }
        });
    return json;
  }

  private void printPlan(
      PrintWriter out, PipelineIdentity identity, StackPlan plan, BootstrapStack bootstrap) {
    out.printf(
        "Plan for %s (uid %s): %d stacks, deployed in this order%n",
        identity.qualifiedName(), identity.uid(), plan.stacks().size());
    int index = 1;
    for (StackSpec stack : plan.stacks()) {
      out.printf(
          "  %d. %-10s %-50s depends on: %s%s%n",
          index++,
          stack.component().id(),
          stack.stackName(),
          stack.dependsOn().isEmpty()
              ? "-"
              : String.join(", ", stack.dependsOn().stream().map(c -> c.id()).toList()),
          stack.capabilities().isEmpty()
              ? ""
              : "  capabilities: " + String.join(", ", stack.capabilities()));
    }
    out.printf("Artifacts to upload to the bootstrap artifacts bucket first:%n");
    plan.artifacts().keySet().forEach(key -> out.printf("  %s%n", key));
    out.printf(
        "Once per account/region: stack %s (bootstrap.template.json)%n", bootstrap.stackName());
    out.printf("Written to %s%n", output.toAbsolutePath());
    out.flush();
  }
}
