package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension static final OperatorFixture operator = new OperatorFixture(() -> client);

  private final AwsCallRecorder recorder = new AwsCallRecorder();
  private AccountLimitsStandIn limits;

  @AfterEach
  void stopStandIn() {
    operator.closeOperators();
    if (limits != null) {
      limits.close();
    }
  }

  @Test
  void pipelinesOfAnAccountNearingItsStackQuotaCarryTheCondition(MotoAws aws) throws IOException {
    // MotoPlans make four stacks per pipeline: one pipeline is 50% of 8, two are 100%.
    limits = new AccountLimitsStandIn(8);
    OperatorApp app =
        operator.start(
            OperatorFixture.config(aws, Set.of(NAMESPACE)),
            MotoPlans::plan,
            List.of(recorder, limits));

    DataPipeline first = operator.newPipeline(NAMESPACE);
    Condition below = operator.awaitCondition(first, "StackQuotaNearing", "False");
    assertThat(below.reason).isEqualTo("StackQuotaAvailable");
    // The count is the last sweep's: at most the first pipeline's four stacks, below 90% of 8.
    assertThat(below.message).contains("of 8 stacks", "below the warning threshold of 90%");

    DataPipeline second = operator.newPipeline(NAMESPACE);
    for (DataPipeline p : List.of(first, second)) {
      Condition nearing = operator.awaitCondition(p, "StackQuotaNearing", "True");
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
}
