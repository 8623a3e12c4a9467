package io.datapipeline.cli;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.app.Setting;
import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.render.BootstrapStack;
import io.datapipeline.render.InvalidSpecException;
import io.datapipeline.render.NoDefaultImageException;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.PipelineIdentity;
import io.datapipeline.render.PipelineNames;
import io.datapipeline.render.PipelineRenderer;
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
 * bootstrap template and the artifacts, and prints the plan and the images it used. Touches no AWS
 * or Kubernetes API: the images' {@code {account}} and {@code {region}} are filled from the
 * manifest's region and {@code --account}, the account of {@code spec.aws.roleArn}, or AWS's
 * documented example account {@value #EXAMPLE_ACCOUNT}.
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
      "2:invalid manifest (every problem is listed)",
      "3:no usable default image (the render's settings, not the manifest)",
      "4:--diff: a change set would replace or remove a data resource"
    })
final class RenderCommand implements Callable<Integer> {

  static final int INVALID_MANIFEST = 2;
  static final int NO_DEFAULT_IMAGE = 3;
  static final int DATA_REPLACEMENT = 4;

  /** AWS's example account id (its documentation's), for renders that name no real account. */
  static final String EXAMPLE_ACCOUNT = "111122223333";

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
      description =
          "Default converter image when the spec has none; {account} and {region} are filled in"
              + " (default: env CONVERTER_IMAGE, else the operator's default, the bootstrap"
              + " stack's repository).")
  String converterImage;

  @Option(
      names = "--grafana-image",
      description =
          "Default Grafana image when the spec has none; {account} and {region} are filled in"
              + " (default: env GRAFANA_IMAGE, else the operator's default, the bootstrap stack's"
              + " repository).")
  String grafanaImage;

  @Option(
      names = "--account",
      description =
          "AWS account for {account} in the images (default: the account of spec.aws.roleArn,"
              + " else the example account "
              + EXAMPLE_ACCOUNT
              + ").")
  String account;

  @Option(
      names = "--uid",
      description =
          "Pipeline uid when the manifest has none (default: derived from namespace/name, so"
              + " renders are repeatable; the cluster assigns the real one).")
  String uid;

  /** Where CONVERTER_IMAGE / GRAFANA_IMAGE are read when no flag is given (tests replace it). */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DataPipeline pipeline;
    try {
      pipeline = new ManifestLoader().load(manifest);
    } catch (InvalidSpecException e) {
      return invalidManifest(err, e);
    }
    RenderImages images;
    try {
      images =
          RenderImages.choose(
              pipeline.getSpec(),
              image(converterImage, OperatorConfig.CONVERTER_IMAGE, "--converter-image"),
              image(grafanaImage, OperatorConfig.GRAFANA_IMAGE, "--grafana-image"),
              account);
    } catch (InvalidSpecException e) {
      return invalidManifest(err, e);
    } catch (IllegalArgumentException e) {
      err.println("cannot render " + manifest + ": " + e.getMessage());
      err.flush();
      return NO_DEFAULT_IMAGE;
    }
    PipelineIdentity identity = identity(pipeline);
    StackPlan plan;
    try {
      // A manifest with a status (kubectl get -o yaml) keeps the names it records, so --diff
      // compares with the stacks the pipeline really has.
      plan =
          new PipelineRenderer(images.defaults())
              .render(pipeline.getSpec(), PipelineNames.of(identity, pipeline.getStatus()), null);
    } catch (NoDefaultImageException e) {
      err.println(
          "cannot render "
              + manifest
              + ": the manifest names no image and no default is configured (pass"
              + " --converter-image / --grafana-image or set CONVERTER_IMAGE / GRAFANA_IMAGE):");
      e.problems().forEach(problem -> err.println("  " + problem));
      err.flush();
      return NO_DEFAULT_IMAGE;
    } catch (InvalidSpecException e) {
      return invalidManifest(err, e);
    }
    if (diff) {
      return new LiveDiff(out, err, endpointUrl).run(pipeline.getSpec().aws, identity, plan);
    }
    if (output == null) {
      err.println("render needs -o/--output (or --diff to preview against AWS)");
      err.flush();
      return 1;
    }
    BootstrapStack bootstrap = new BootstrapRenderer().render();
    write(plan, bootstrap);
    printPlan(out, identity, plan, bootstrap);
    images.print(out);
    out.printf("Written to %s%n", output.toAbsolutePath());
    out.flush();
    return 0;
  }

  private int invalidManifest(PrintWriter err, InvalidSpecException e) {
    int count = e.problems().size();
    err.printf("invalid manifest %s: %d problem%s%n", manifest, count, count == 1 ? "" : "s");
    e.problems().forEach(problem -> err.println("  " + problem));
    err.flush();
    return INVALID_MANIFEST;
  }

  /**
   * The default image: the flag (given empty: none), else the environment variable, else the
   * operator's default; a template with bad placeholders is refused naming where it came from.
   */
  private RenderImages.Source image(String flag, Setting<String> setting, String flagName) {
    if (flag != null) {
      return RenderImages.Source.of(flag, flagName);
    }
    String fromEnvironment = environment.get(setting.variable());
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return RenderImages.Source.of(fromEnvironment.trim(), setting.variable());
    }
    return RenderImages.Source.of(setting.defaultValue(), "operator default");
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
  }
}
