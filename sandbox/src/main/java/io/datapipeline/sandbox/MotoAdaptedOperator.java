package io.datapipeline.sandbox;

import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * SANDBOX AND BENCHMARK ONLY: the operator as its own process against a sandbox started with {@code
 * --external-operator}, exactly as {@code datapipeline-operator.jar run} runs it (settings from the
 * environment, Kubernetes from {@code KUBECONFIG}) but with the plan adapted to moto like the
 * in-process operator's ({@link OperatorRunner#motoHooks}): moto cannot deploy every construct of
 * the production templates (docs/templates.md), so the production jar alone never gets a pipeline
 * to Ready there. The production jar and its defaults are untouched.
 *
 * <p>{@value #POSTGRES_PORT} names the sandbox's stand-in PostgreSQL port, which the database
 * stack's outputs report instead of moto's 3306 (the sandbox prints it).
 */
public final class MotoAdaptedOperator {

  /** The environment variable holding the sandbox's PostgreSQL port. */
  static final String POSTGRES_PORT = "SANDBOX_POSTGRES_PORT";

  /**
   * {@code product} (default): the product's plans adapted to moto; {@code small}: {@link
   * SmallPlans}, for benchmarks of thousands of pipelines.
   */
  static final String PLANS = "SANDBOX_PLANS";

  private MotoAdaptedOperator() {}

  public static void main(String[] args) throws InterruptedException {
    // Before any logger exists: the sandbox jar carries no logback.xml (logback's default is
    // DEBUG).
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "external-operator-logback.xml");
    }
    String port = System.getenv(POSTGRES_PORT);
    if (port == null || !port.matches("\\d{1,5}")) {
      System.err.println(
          POSTGRES_PORT
              + " must name the sandbox's PostgreSQL port (the sandbox started with"
              + " --external-operator prints it), not '"
              + port
              + "'");
      System.exit(2);
    }
    String plans = System.getenv().getOrDefault(PLANS, "product");
    if (!plans.equals("product") && !plans.equals("small")) {
      System.err.println(PLANS + " must be product or small, not '" + plans + "'");
      System.exit(2);
    }
    OperatorConfig config = OperatorConfig.fromEnvironment();
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorApp.Hooks hooks =
        plans.equals("small")
            ? OperatorRunner.smallHooks(config, Integer.parseInt(port))
            : OperatorRunner.motoHooks(config, Integer.parseInt(port));
    OperatorApp app = OperatorApp.start(config, client, hooks);
    app.awaitShutdown(client);
  }
}
