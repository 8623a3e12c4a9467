package io.datapipeline.grafana;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the image's real entrypoint script (datapipeline-entrypoint.sh) with `sh`, as the container
 * would, except that it renders into a temporary folder and hands over to `env` instead of
 * Grafana's /run.sh (no Grafana binary here): `env` prints the environment Grafana would have
 * started with.
 */
final class Entrypoint {

  /** What one run produced. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** A complete, valid environment as the dashboard task definition sets it. */
  static Map<String, String> taskEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GF_SECURITY_ADMIN_PASSWORD", "s3cret-from-secrets-manager");
    env.put("GF_SERVER_ROOT_URL", "https://dp-team-a-orders.example.com/");
    env.put("AWS_REGION", "eu-west-1");
    env.put("DB_HOST", "dp-team-a-orders-db.abcdefghijkl.eu-west-1.rds.amazonaws.com");
    env.put("DB_READER_PASSWORD", "reader-secret");
    env.put("PIPELINE", "team-a/orders");
    env.put("DB_TABLE", "orders");
    env.put("DYNAMODB_TABLE", "dp-team-a-orders");
    env.put("CONVERTER_FUNCTION_NAME", "dp-team-a-orders-converter");
    env.put("FAILURE_QUEUE_NAME", "dp-team-a-orders-converter-failures");
    env.put("ECS_CLUSTER_NAME", "dp-team-a-orders-dashboard");
    env.put("ECS_SERVICE_NAME", "dp-team-a-orders-grafana");
    env.put("ALB_FULL_NAME", "app/dp-team-a-orders/50dc6c495c0c9188");
    env.put("TARGET_GROUP_FULL_NAME", "targetgroup/dp-team-a-orders/73e2d6bc24d8a067");
    return env;
  }

  private Entrypoint() {}

  static Result run(Map<String, String> env, Path templates, Path output) {
    ProcessBuilder pb =
        new ProcessBuilder("sh", GrafanaModule.file("datapipeline-entrypoint.sh").toString());
    Map<String, String> processEnv = pb.environment();
    String path = processEnv.getOrDefault("PATH", "/usr/bin:/bin");
    processEnv.clear();
    processEnv.put("PATH", path);
    processEnv.put("DP_DASHBOARD_TEMPLATES", templates.toString());
    processEnv.put("DP_DASHBOARD_DIR", output.toString());
    processEnv.put("DP_GRAFANA_RUN", "env");
    processEnv.putAll(env);
    try {
      Process process = pb.start();
      process.getOutputStream().close();
      // Small outputs: reading one stream after the other cannot dead-lock here.
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("entrypoint did not finish in 30 s");
      }
      return new Result(process.exitValue(), stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Renders the shipped dashboard templates for {@code env}; fails the test if it cannot. */
  static List<Dashboard> render(Map<String, String> env, Path output) {
    Result result = run(env, GrafanaModule.file("dashboards"), output);
    if (result.exitCode() != 0) {
      throw new AssertionError("entrypoint failed (" + result.exitCode() + "): " + result.stderr());
    }
    return GrafanaModule.listFiles(output, ".json").stream().map(Dashboard::load).toList();
  }
}
