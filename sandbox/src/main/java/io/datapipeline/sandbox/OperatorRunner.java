package io.datapipeline.sandbox;

import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.render.PipelineRenderer;
import io.datapipeline.render.RenderDefaults;
import io.datapipeline.render.StackPlan;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Starts the operator in process, with its production code and templates, configured for the
 * sandbox: the sandbox's Kubernetes API with the production status patch (server-side apply), no
 * leader election and no exit when the informer stops (one process holds the whole system), moto as
 * the AWS endpoint, short polling, no health or metrics ports, and the templates adapted to moto
 * ({@link MotoTemplates}).
 */
final class OperatorRunner {

  /** moto accepts any image URI; these name the project's images as a real account would. */
  static final String CONVERTER_IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/datapipeline-converter:sandbox";

  static final String GRAFANA_IMAGE =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/datapipeline-grafana:sandbox";

  private OperatorRunner() {}

  /**
   * @param postgresPort the stand-in database's real port, reported in the outputs instead of
   *     moto's
   */
  static OperatorApp start(
      KubernetesClient client, URI awsEndpoint, String region, int postgresPort) {
    // The operator's SDK clients use the default credential chain; moto takes any key.
    System.setProperty("aws.accessKeyId", AwsClients.ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", AwsClients.SECRET_ACCESS_KEY);
    OperatorConfig config =
        OperatorConfig.from(
                // TENANCY stays at its production default, Enforced: the sandbox installs a
                // tenant for namespace sandbox (SandboxTenant).
                Map.of(
                    "CONVERTER_IMAGE",
                    CONVERTER_IMAGE,
                    "GRAFANA_IMAGE",
                    GRAFANA_IMAGE,
                    "LOG_FORMAT",
                    "text"))
            .embedded(-1, -1)
            .with(OperatorConfig.SERVER_SIDE_APPLY, true)
            .with(OperatorConfig.AWS_ENDPOINT_URL, awsEndpoint.toString())
            .with(OperatorConfig.AWS_REGION, region)
            .with(OperatorConfig.FAST_POLL_INTERVAL, Duration.ofSeconds(1))
            .with(OperatorConfig.POLL_INTERVAL, Duration.ofSeconds(3));
    return OperatorApp.start(config, client, motoHooks(config, postgresPort));
  }

  /**
   * The operator's production hooks with the renderer's plan adapted to moto ({@link
   * MotoTemplates}): what the in-process operator and {@link MotoAdaptedOperator} both run with.
   */
  static OperatorApp.Hooks motoHooks(OperatorConfig config, int postgresPort) {
    return hooks(config, plan -> MotoTemplates.adapt(plan, postgresPort));
  }

  /** The production hooks with {@link SmallPlans} (benchmarks of thousands of pipelines). */
  static OperatorApp.Hooks smallHooks(OperatorConfig config, int postgresPort) {
    return hooks(config, plan -> SmallPlans.shrink(plan, postgresPort));
  }

  private static OperatorApp.Hooks hooks(OperatorConfig config, UnaryOperator<StackPlan> adapt) {
    PipelineRenderer renderer =
        new PipelineRenderer(new RenderDefaults(config.converterImage(), config.grafanaImage()));
    return OperatorApp.Hooks.defaults(config)
        // A tenant's permissions boundary reaches the templates as on AWS.
        .withRenderer(
            (pipeline, pipelineRegion, account, boundary) ->
                adapt.apply(renderer.render(pipeline, boundary)));
  }
}
