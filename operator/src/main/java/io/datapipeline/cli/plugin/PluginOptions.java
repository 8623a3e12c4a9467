package io.datapipeline.cli.plugin;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * What every {@code kubectl datapipeline} command takes, as kubectl does: the namespace (default:
 * the kubeconfig context's), the kubeconfig ({@code KUBECONFIG} otherwise) and the output format.
 */
public final class PluginOptions {

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace of the pipeline (default: the current context's).")
  String namespace;

  @Option(names = "--kubeconfig", description = "Path to the kubeconfig (default: $KUBECONFIG).")
  String kubeconfig;

  @Option(
      names = {"-o", "--output"},
      description = "Output format: text (default) or json.")
  String output = "text";

  boolean json() {
    if (!output.equals("json") && !output.equals("text")) {
      throw new IllegalArgumentException("-o must be json or text, not " + output);
    }
    return output.equals("json");
  }

  KubernetesClient client() {
    quietClientLogs();
    if (kubeconfig != null) {
      System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig);
    }
    return new KubernetesClientBuilder().build();
  }

  /**
   * The client's warnings (e.g. "unstable version v1alpha1") would land in the output a script
   * reads; a plugin reports its own errors.
   */
  private static void quietClientLogs() {
    if (LoggerFactory.getLogger("io.fabric8") instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }

  String namespace(KubernetesClient client) {
    if (namespace != null) {
      return namespace;
    }
    String current = client.getNamespace();
    return current == null ? "default" : current;
  }

  /** The named pipeline, or a clear error naming it. */
  DataPipeline pipeline(KubernetesClient client, String name) {
    String ns = namespace(client);
    DataPipeline pipeline =
        client.resources(DataPipeline.class).inNamespace(ns).withName(name).get();
    if (pipeline == null) {
      throw new IllegalArgumentException(
          "datapipelines.datapipeline.io \"" + name + "\" not found in namespace " + ns);
    }
    return pipeline;
  }
}
