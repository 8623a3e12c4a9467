package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's AWS identity comes from its ServiceAccount (IRSA or EKS Pod Identity), never a
 * key.
 */
class ServiceAccountTest {

  @Test
  void irsaAnnotatesTheServiceAccountThePodRunsAs() {
    RenderedChart rendered = InstallVariants.render("irsa");
    ServiceAccount account = rendered.single(ServiceAccount.class);

    assertThat(account.getMetadata().getAnnotations())
        .containsEntry(
            "eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/datapipeline-operator")
        .containsEntry("eks.amazonaws.com/sts-regional-endpoints", "true");
    assertThat(account.getMetadata().getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
    assertThat(rendered.deployment().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
  }

  @Test
  void withoutIrsaTheServiceAccountCarriesNoAnnotationForEksPodIdentity() {
    RenderedChart rendered = InstallVariants.render(InstallVariants.DEFAULTS);
    ServiceAccount account = rendered.single(ServiceAccount.class);

    assertThat(account.getMetadata().getName()).isEqualTo("datapipeline-operator");
    assertThat(account.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void neverRendersAwsCredentialsOrASecret() {
    InstallVariants.all()
        .map(InstallVariants::render)
        .forEach(
            rendered ->
                assertThat(rendered.yaml())
                    .doesNotContain("AWS_ACCESS_KEY_ID")
                    .doesNotContain("AWS_SECRET_ACCESS_KEY")
                    .doesNotContain("AWS_SESSION_TOKEN")
                    .doesNotContain("kind: Secret"));
  }

  @Test
  void refusesAnExistingServiceAccountWithoutAName() {
    assertThatThrownBy(
            () ->
                ChartRenderer.forRepositoryChart().template(Map.of("serviceAccount.create", false)))
        .hasMessageContaining(
            "serviceAccount.name is required when serviceAccount.create is false");
  }
}
