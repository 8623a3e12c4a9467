package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two operators with SHARD_LABEL_SELECTOR split the pipelines: each reconciles its own only. */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class ShardLabelSelectorIT {

  static KubernetesClient client;

  @BeforeAll
  static void installCrdAndCredentials() throws IOException {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(Path.of("../crds/datapipelines.datapipeline.io-v1.yml")),
            CustomResourceDefinition.class);
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  @Test
  void eachOperatorReconcilesOnlyThePipelinesOfItsShard(MotoAws aws) throws IOException {
    OperatorConfig base =
        OperatorConfig.defaults()
            .embedded(-1, -1)
            .with(OperatorConfig.TENANCY, OperatorConfig.TENANCY_OPEN)
            .with(OperatorConfig.FAST_POLL_INTERVAL, Duration.ofMillis(500))
            .with(OperatorConfig.POLL_INTERVAL, Duration.ofSeconds(2))
            .with(OperatorConfig.AWS_ENDPOINT_URL, aws.endpoint().toString())
            .with(OperatorConfig.AWS_REGION, aws.region().id())
            .with(OperatorConfig.WATCH_NAMESPACES, Set.of("shards"));
    OperatorConfig shardA =
        base.with(OperatorConfig.SHARD_LABEL_SELECTOR, "datapipeline.io/shard=a");
    try (OperatorApp a =
        OperatorApp.start(
            shardA, client, OperatorApp.Hooks.defaults(shardA).withRenderer(MotoPlans::plan))) {
      DataPipeline inA = newPipeline("orders-a", "a");
      DataPipeline inB = newPipeline("orders-b", "b");

      await().atMost(Duration.ofSeconds(90)).until(() -> ready(inA));
      assertThat(current(inB).getStatus())
          .as("shard b's pipeline is not this release's: untouched")
          .isNull();
      assertThat(current(inB).getMetadata().getFinalizers()).isNullOrEmpty();

      OperatorConfig shardB =
          base.with(OperatorConfig.SHARD_LABEL_SELECTOR, "datapipeline.io/shard in (b)");
      try (OperatorApp b =
          OperatorApp.start(
              shardB, client, OperatorApp.Hooks.defaults(shardB).withRenderer(MotoPlans::plan))) {
        await().atMost(Duration.ofSeconds(90)).until(() -> ready(inB));
      }
    }
  }

  private static DataPipeline newPipeline(String name, String shard) throws IOException {
    DataPipeline p =
        Serialization.unmarshal(
            Files.readString(Path.of("../crds/examples/minimal.yaml")), DataPipeline.class);
    p.getMetadata().setNamespace("shards");
    p.getMetadata().setName(name);
    p.getMetadata().setLabels(Map.of("datapipeline.io/shard", shard));
    return client.resource(p).create();
  }

  private static DataPipeline current(DataPipeline p) {
    return client
        .resources(DataPipeline.class)
        .inNamespace(p.getMetadata().getNamespace())
        .withName(p.getMetadata().getName())
        .get();
  }

  private static boolean ready(DataPipeline p) {
    DataPipeline now = current(p);
    return now != null
        && now.getStatus() != null
        && now.getStatus().conditions != null
        && now.getStatus().conditions.stream()
            .anyMatch(c -> "Ready".equals(c.type) && "True".equals(c.status));
  }
}
