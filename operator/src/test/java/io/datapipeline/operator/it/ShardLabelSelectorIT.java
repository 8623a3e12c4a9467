package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two operators with SHARD_LABEL_SELECTOR split the pipelines: each reconciles its own only. */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class ShardLabelSelectorIT {

  static KubernetesClient client;

  @RegisterExtension static final OperatorFixture operator = new OperatorFixture(() -> client);

  @Test
  void eachOperatorReconcilesOnlyThePipelinesOfItsShard(MotoAws aws) {
    OperatorConfig base =
        OperatorFixture.config(aws, Set.of("shards"))
            .with(OperatorConfig.POLL_INTERVAL, Duration.ofSeconds(2))
            .with(OperatorConfig.FAST_POLL_INTERVAL, Duration.ofMillis(500));
    OperatorConfig shardA =
        base.with(OperatorConfig.SHARD_LABEL_SELECTOR, "datapipeline.io/shard=a");
    operator.start(shardA, MotoPlans::plan, List.of());
    DataPipeline inA = newPipeline("orders-a", "a");
    DataPipeline inB = newPipeline("orders-b", "b");

    operator.awaitReady(inA);
    assertThat(operator.current(inB).getStatus())
        .as("shard b's pipeline is not this release's: untouched")
        .isNull();
    assertThat(operator.current(inB).getMetadata().getFinalizers()).isNullOrEmpty();

    OperatorConfig shardB =
        base.with(OperatorConfig.SHARD_LABEL_SELECTOR, "datapipeline.io/shard in (b)");
    operator.start(shardB, MotoPlans::plan, List.of());
    operator.awaitReady(inB);
  }

  private static DataPipeline newPipeline(String name, String shard) {
    DataPipeline p = OperatorFixture.example("minimal");
    p.getMetadata().setNamespace("shards");
    p.getMetadata().setName(name);
    p.getMetadata().setLabels(Map.of("datapipeline.io/shard", shard));
    return operator.create(p);
  }
}
