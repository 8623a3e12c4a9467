package io.datapipeline.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.ports.AwsTarget;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Tag;

/** Each pipeline's AssumeRole names it, tags it and carries its tenant's ExternalId. */
class AssumeRoleHygieneTest {

  static final String ROLE = "arn:aws:iam::111111111111:role/datapipeline-team-a";

  @Test
  void sessionNameIsDpNamespaceName() {
    assertThat(SessionNames.of("team-a", "orders")).isEqualTo("dp-team-a-orders");
  }

  @Test
  void aLongPairIsCutTo64CharactersAndStaysDistinct() {
    String ns = "n".repeat(63);
    String a = SessionNames.of(ns, "orders-" + "x".repeat(50) + "-a");
    String b = SessionNames.of(ns, "orders-" + "x".repeat(50) + "-b");

    assertThat(a).hasSize(64).matches("[\\w+=,.@-]{2,64}").startsWith("dp-nnn");
    assertThat(b).hasSize(64).isNotEqualTo(a);
  }

  @Test
  void dotsInNamesAreValidSessionCharacters() {
    assertThat(SessionNames.of("team-a", "orders.v2")).isEqualTo("dp-team-a-orders.v2");
  }

  @Test
  void assumeRoleCarriesSessionNameTagsAndExternalId() {
    AssumeRoleRequest request =
        SdkAwsSessions.assumeRole(
            new AwsTarget(
                "eu-west-1", ROLE, "team-a-7f3c", new AwsTarget.Caller("team-a", "orders")));

    assertThat(request.roleArn()).isEqualTo(ROLE);
    assertThat(request.roleSessionName()).isEqualTo("dp-team-a-orders");
    assertThat(request.externalId()).isEqualTo("team-a-7f3c");
    assertThat(request.tags())
        .containsExactlyInAnyOrder(
            Tag.builder().key("datapipeline.io/namespace").value("team-a").build(),
            Tag.builder().key("datapipeline.io/name").value("orders").build());
  }

  @Test
  void withoutTenantNoExternalIdIsSent() {
    AssumeRoleRequest request =
        SdkAwsSessions.assumeRole(
            new AwsTarget("eu-west-1", ROLE, null, new AwsTarget.Caller("team-a", "orders")));

    assertThat(request.externalId()).isNull();
    assertThat(request.roleSessionName()).isEqualTo("dp-team-a-orders");
  }
}
