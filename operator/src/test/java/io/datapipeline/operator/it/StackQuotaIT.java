package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stack quota end to end on moto: the quota answered by {@link AccountLimitsStandIn} (moto has
 * no DescribeAccountLimits), the stacks counted by the operator's own sweeps of moto. A second
 * pipeline filling the account to its quota warns both pipelines of that account.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class StackQuotaIT {

  static final String NAMESPACE = "quota";

  static KubernetesClient client;

  private final AwsCallRecorder recorder = new AwsCallRecorder();
  private AccountLimitsStandIn limits;
  private OperatorApp app;

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

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (limits != null) {
      limits.close();
    }
  }

  @Test
  void pipelinesOfAnAccountNearingItsStackQuotaCarryTheCondition(MotoAws aws) throws IOException {
    // MotoPlans make four stacks per pipeline: one pipeline is 50% of 8, two are 100%.
    limits = new AccountLimitsStandIn(8);
    OperatorConfig config =
        OperatorConfig.defaults()
            .embedded(-1, -1)
            .with(OperatorConfig.TENANCY, OperatorConfig.TENANCY_OPEN)
            .with(OperatorConfig.FAST_POLL_INTERVAL, Duration.ofMillis(500))
            .with(OperatorConfig.POLL_INTERVAL, Duration.ofSeconds(1))
            .with(OperatorConfig.AWS_ENDPOINT_URL, aws.endpoint().toString())
            .with(OperatorConfig.AWS_REGION, aws.region().id())
            .with(OperatorConfig.WATCH_NAMESPACES, Set.of(NAMESPACE));
    app =
        OperatorApp.start(
            config,
            client,
            OperatorApp.Hooks.defaults(config)
                .withRenderer(MotoPlans::plan)
                .withInterceptors(List.of(recorder, limits)));

    DataPipeline first = newPipeline();
    Condition below = awaitQuota(first, "False");
    assertThat(below.reason).isEqualTo("StackQuotaAvailable");
    // The count is the last sweep's: at most the first pipeline's four stacks, below 90% of 8.
    assertThat(below.message).contains("of 8 stacks", "below the warning threshold of 90%");

    DataPipeline second = newPipeline();
    for (DataPipeline p : List.of(first, second)) {
      Condition nearing = awaitQuota(p, "True");
      assertThat(nearing.reason).isEqualTo("StackQuotaNearing");
      assertThat(nearing.message).contains("8 of 8 stacks (100%)", "threshold of 90%");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                            .filter(e -> "StackQuotaNearing".equals(e.getReason()))
                            .map(Event::getType))
                    .as("one Warning Event per pipeline")
                    .containsExactly("Warning", "Warning"));
    assertThat(recorder.calls("DescribeAccountLimits"))
        .as("read once for the account/region (every 6 h), not per pipeline or sweep")
        .hasSize(1);
    assertThat(limits.answered()).isEqualTo(1);
    assertThat(app.polls()).as("many sweeps counted the stacks meanwhile").isGreaterThan(2);
  }

  private static Condition awaitQuota(DataPipeline p, String status) {
    Condition[] found = new Condition[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              DataPipeline now =
                  client
                      .resources(DataPipeline.class)
                      .inNamespace(NAMESPACE)
                      .withName(p.getMetadata().getName())
                      .get();
              Condition c =
                  now == null || now.getStatus() == null || now.getStatus().conditions == null
                      ? null
                      : now.getStatus().conditions.stream()
                          .filter(x -> "StackQuotaNearing".equals(x.type))
                          .findFirst()
                          .orElse(null);
              assertThat(c).as("StackQuotaNearing of %s", p.getMetadata().getName()).isNotNull();
              assertThat(c.status).as(c.reason + " " + c.message).isEqualTo(status);
              found[0] = c;
            });
    return found[0];
  }

  private static DataPipeline newPipeline() throws IOException {
    DataPipeline p =
        Serialization.unmarshal(
            Files.readString(Path.of("../crds/examples/minimal.yaml")), DataPipeline.class);
    p.getMetadata().setNamespace(NAMESPACE);
    p.getMetadata().setName("orders-" + UUID.randomUUID().toString().substring(0, 8));
    return client.resource(p).create();
  }
}
