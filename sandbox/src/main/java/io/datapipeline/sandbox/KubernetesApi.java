package io.datapipeline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.sandbox.apiserver.ApiServerDispatcher;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sandbox's Kubernetes API on loopback: fabric8's CRUD mock as the object store behind {@link
 * ApiServerDispatcher}, which answers what kubectl and the operator expect of kube-apiserver
 * (discovery, OpenAPI v3, admission of DataPipelines with the CRD's schema and CEL rules,
 * server-side apply, tables, namespaces, field selectors, watches with deletions). The CRD is
 * installed and the namespaces every cluster has exist.
 */
public final class KubernetesApi implements AutoCloseable {

  /** The mock logs every request through java.util.logging at INFO; keep the console readable. */
  private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  static final String CRD_RESOURCE = "/crds/datapipelines.datapipeline.io-v1.yml";

  /** Every CRD the operator serves (the pipelines and the cluster-scoped tenants). */
  static final List<String> CRD_RESOURCES =
      List.of(CRD_RESOURCE, "/crds/datapipelinetenants.datapipeline.io-v1.yml");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final CustomResourceDefinition crd;

  private KubernetesApi(KubernetesMockServer server, CustomResourceDefinition crd) {
    this.server = server;
    this.crd = crd;
    this.client = server.createClient();
  }

  /** Namespaces a cluster starts with. */
  static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public");

  /** Starts the API on a free loopback port, installs the CRD and the initial namespaces. */
  public static KubernetesApi start() {
    CustomResourceDefinition crd = loadCrd();
    List<CustomResourceDefinition> crds =
        CRD_RESOURCES.stream().map(KubernetesApi::loadCrd).toList();
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    DiscoveryStubs discovery = new DiscoveryStubs(crds);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> crdTrees = crds.stream().<JsonNode>map(json::valueToTree).toList();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new ApiServerDispatcher(
                responses,
                discovery::document,
                discovery.kindsByPlural(),
                discovery.namespacedCollections(),
                crdTrees),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesApi api = new KubernetesApi(server, crd);
    try {
      for (CustomResourceDefinition definition : crds) {
        api.client.apiextensions().v1().customResourceDefinitions().resource(definition).create();
      }
      for (String namespace : INITIAL_NAMESPACES) {
        api.client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    return api;
  }

  /** The URL kubectl and clients use, e.g. {@code http://127.0.0.1:41234}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  /** A client of this API (closed with the server). */
  public KubernetesClient client() {
    return client;
  }

  /**
   * Drops the requests the mock keeps for test assertions; a sandbox that runs for hours would
   * otherwise hold every request it ever served.
   */
  public void forgetServedRequests() {
    try {
      while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // discard
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The installed DataPipeline CRD. */
  public CustomResourceDefinition crd() {
    return crd;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.WARNING);
    return logger;
  }

  static CustomResourceDefinition loadCrd() {
    return loadCrd(CRD_RESOURCE);
  }

  static CustomResourceDefinition loadCrd(String resource) {
    try (InputStream in = KubernetesApi.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("CRD missing from the classpath: " + resource);
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
