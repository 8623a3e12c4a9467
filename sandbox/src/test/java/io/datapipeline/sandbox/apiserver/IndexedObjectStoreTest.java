package io.datapipeline.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The indexed store answers every request as fabric8's own store does: the same requests are
 * replayed against both and each answer compared (status and body, without the random uid and the
 * creation time).
 */
class IndexedObjectStoreTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NAMESPACES = List.of("a", "b");
  private static final List<String> NAMES = List.of("x", "y", "x-connection", "z");
  private static final List<String> COLLECTIONS =
      List.of("/api/v1/namespaces/%s/configmaps", "/api/v1/namespaces/%s/secrets");
  private static final String PIPELINES =
      "/apis/datapipeline.io/v1alpha1/namespaces/%s/datapipelines";

  private final KubernetesCrudDispatcher plain = new KubernetesCrudDispatcher();
  private final IndexedObjectStore indexed = new IndexedObjectStore();

  @Test
  void answersCreateReadReplaceAndDeleteOfOneObjectAsTheStoreDoes() {
    List<String> answers = new ArrayList<>();
    answers.add(both(HttpMethod.POST, "/api/v1/namespaces/a/configmaps", configMap("x", "1", "a")));
    answers.add(both(HttpMethod.POST, "/api/v1/namespaces/b/configmaps", configMap("x", "2", "b")));
    answers.add(both(HttpMethod.POST, "/api/v1/namespaces/a/secrets", secret("x", "a")));
    answers.add(both(HttpMethod.GET, "/api/v1/namespaces/a/configmaps/x", null));
    answers.add(both(HttpMethod.GET, "/api/v1/namespaces/b/configmaps/x", null));
    answers.add(both(HttpMethod.GET, "/api/v1/namespaces/a/secrets/x", null));
    answers.add(both(HttpMethod.GET, "/api/v1/namespaces/a/configmaps/missing", null));
    answers.add(
        both(HttpMethod.PUT, "/api/v1/namespaces/a/configmaps/x", configMap("x", "3", "a")));
    answers.add(both(HttpMethod.GET, "/api/v1/namespaces/a/configmaps/x", null));
    answers.add(both(HttpMethod.DELETE, "/api/v1/namespaces/a/configmaps/x", null));
    answers.add(both(HttpMethod.GET, "/api/v1/namespaces/a/configmaps/x", null));
    answers.add(both(HttpMethod.GET, "/api/v1/namespaces/a/configmaps", null));
    answers.add(both(HttpMethod.GET, "/api/v1/configmaps", null));

    // Not vacuous: the objects were stored, read back, replaced and deleted as asked.
    assertThat(answers.get(3)).contains("200").contains("\"v\":\"1\"");
    assertThat(answers.get(4)).contains("200").contains("\"v\":\"2\"");
    assertThat(answers.get(6)).startsWith("404");
    assertThat(answers.get(8)).contains("\"v\":\"3\"");
    assertThat(answers.get(10)).startsWith("404");
    assertThat(answers.get(12)).contains("\"namespace\":\"b\"").doesNotContain("\"v\":\"3\"");
  }

  @Test
  void answersACustomResourceAndItsStatusAsTheStoreDoes() {
    String pipelines = PIPELINES.formatted("a");
    List<String> answers = new ArrayList<>();
    answers.add(both(HttpMethod.POST, pipelines, pipeline("x", "a", null)));
    answers.add(both(HttpMethod.PUT, pipelines + "/x/status", pipeline("x", "a", "Ready")));
    answers.add(both(HttpMethod.GET, pipelines + "/x", null));
    answers.add(
        both(
            HttpMethod.PATCH,
            pipelines + "/x",
            JSON.createArrayNode()
                .add(
                    JSON.createObjectNode()
                        .put("op", "add")
                        .put("path", "/metadata/labels")
                        .set("value", JSON.createObjectNode().put("team", "t")))));
    answers.add(both(HttpMethod.GET, pipelines + "/x", null));
    answers.add(both(HttpMethod.GET, pipelines + "?labelSelector=team%3Dt", null));

    assertThat(answers.get(2)).startsWith("200").contains("Ready");
    assertThat(answers.get(4)).contains("\"team\":\"t\"");
    assertThat(answers.get(5)).contains("\"name\":\"x\"");
  }

  @Test
  void answersANamespaceByNameAsTheStoreDoes() {
    ObjectNode namespace = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
    namespace.putObject("metadata").put("name", "a");
    both(HttpMethod.POST, "/api/v1/namespaces", namespace);
    both(HttpMethod.POST, "/api/v1/namespaces/a/configmaps", configMap("a", "1", "a"));

    assertThat(both(HttpMethod.GET, "/api/v1/namespaces/a", null))
        .startsWith("200")
        .contains("\"kind\":\"Namespace\"");
    assertThat(both(HttpMethod.GET, "/api/v1/namespaces/b", null)).startsWith("404");
  }

  /** A thousand random writes and reads of colliding names, kinds and namespaces. */
  @Test
  void answersARandomSequenceAsTheStoreDoes() {
    Random random = new Random(20261203);
    int found = 0;
    for (int i = 0; i < 1_000; i++) {
      String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
      String name = NAMES.get(random.nextInt(NAMES.size()));
      String collection = COLLECTIONS.get(random.nextInt(COLLECTIONS.size())).formatted(namespace);
      ObjectNode object =
          collection.endsWith("secrets")
              ? secret(name, namespace)
              : configMap(name, Integer.toString(i), namespace);
      String answer =
          switch (random.nextInt(6)) {
            case 0, 1 -> both(HttpMethod.POST, collection, object);
            case 2 -> both(HttpMethod.PUT, collection + "/" + name, object);
            case 3 -> both(HttpMethod.DELETE, collection + "/" + name, null);
            case 4 -> both(HttpMethod.GET, collection, null);
            default -> both(HttpMethod.GET, collection + "/" + name, null);
          };
      if (answer.startsWith("200")) {
        found++;
      }
    }
    assertThat(found).as("answers that found or stored something").isGreaterThan(300);
  }

  @Test
  void looksUpByTheIndexOnlyAQueryThatNamesOneObject() {
    KubernetesAttributesExtractor paths = new KubernetesAttributesExtractor();
    NameIndexedObjects objects = new NameIndexedObjects();

    assertThat(objects.named(paths.fromPath("/api/v1/namespaces/a/configmaps/x"))).isPresent();
    assertThat(objects.named(paths.fromPath("/api/v1/namespaces/a/configmaps"))).isEmpty();
    assertThat(objects.named(paths.fromPath("/api/v1/configmaps?labelSelector=a%3Db"))).isEmpty();
  }

  /** The request against both stores; returns the indexed store's answer, asserting it equal. */
  private String both(HttpMethod method, String path, JsonNode body) {
    String expected = answer(plain.dispatch(request(method, path, body)));
    String actual = answer(indexed.dispatch(request(method, path, body)));
    assertThat(actual).as("%s %s", method, path).isEqualTo(expected);
    return actual;
  }

  private static String answer(MockResponse response) {
    String body = response.getBody() == null ? "" : response.getBody().readUtf8();
    if (body.isEmpty()) {
      return Integer.toString(response.code());
    }
    try {
      JsonNode json = JSON.readTree(body);
      withoutGenerated(json);
      return response.code() + " " + JSON.writeValueAsString(json);
    } catch (java.io.IOException e) {
      return response.code() + " " + body;
    }
  }

  /** The uid is random and the creation time the clock's: neither says how the store answered. */
  private static void withoutGenerated(JsonNode json) {
    if (json instanceof ObjectNode object) {
      if (object.get("metadata") instanceof ObjectNode metadata) {
        metadata.remove("uid");
        metadata.remove("creationTimestamp");
      }
      object.forEach(IndexedObjectStoreTest::withoutGenerated);
    } else if (json instanceof ArrayNode array) {
      array.forEach(IndexedObjectStoreTest::withoutGenerated);
    }
  }

  private static RecordedRequest request(HttpMethod method, String path, JsonNode body) {
    try {
      Buffer buffer = body == null ? new Buffer() : new Buffer(JSON.writeValueAsBytes(body));
      String type = method == HttpMethod.PATCH ? "application/json-patch+json" : "application/json";
      return new RecordedRequest(
          "HTTP/1.1", method, path, Headers.builder().add("Content-Type", type).build(), buffer);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode configMap(String name, String value, String namespace) {
    ObjectNode object = object("v1", "ConfigMap", name, namespace);
    object.putObject("data").put("v", value);
    return object;
  }

  private static ObjectNode secret(String name, String namespace) {
    ObjectNode object = object("v1", "Secret", name, namespace);
    object.putObject("stringData").put("k", new String(new byte[] {'s'}, StandardCharsets.UTF_8));
    return object;
  }

  private static ObjectNode pipeline(String name, String namespace, String ready) {
    ObjectNode object = object("datapipeline.io/v1alpha1", "DataPipeline", name, namespace);
    object.putObject("spec").put("tenant", "t");
    if (ready != null) {
      object.putObject("status").put("phase", ready);
    }
    return object;
  }

  private static ObjectNode object(String apiVersion, String kind, String name, String namespace) {
    ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
    object.putObject("metadata").put("name", name).put("namespace", namespace);
    return object;
  }
}
