package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The strict parser the chart tests rely on really refuses what the API server would. */
class StrictManifestsTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: op
      spec:
        selector:
          matchLabels: {app: op}
        template:
          metadata:
            labels: {app: op}
          spec:
            containers:
              - name: op
                image: op:1
                securityContext:
                  %s: true
      """;

  @Test
  void bindsAKnownKindToItsType() {
    var objects = StrictManifests.parseAll(DEPLOYMENT.formatted("readOnlyRootFilesystem"));

    assertThat(objects).singleElement().isInstanceOf(Deployment.class);
    Deployment deployment = (Deployment) objects.get(0);
    assertThat(
            deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getSecurityContext()
                .getReadOnlyRootFilesystem())
        .isTrue();
  }

  @Test
  void refusesAnUnknownFieldDeepInsideAnObjectNamingItsPath() {
    assertThatThrownBy(
            () -> StrictManifests.parseAll(DEPLOYMENT.formatted("readOnlyRootFilesytem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apps/v1/Deployment op")
        .hasMessageContaining("securityContext.readOnlyRootFilesytem");
  }

  @Test
  void refusesAValueOfTheWrongType() {
    String yaml =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          ports:
            - port: eighty
        """;

    assertThatThrownBy(() -> StrictManifests.parseAll(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v1/Service s");
  }

  @Test
  void refusesAKindTheChartIsNotExpectedToRender() {
    String yaml =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: leaked}
        """;

    assertThatThrownBy(() -> StrictManifests.parseAll(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unexpected apiVersion/kind v1/Secret (leaked)");
  }
}
