package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KubectlCompatibilityDispatcherTest {

  private final KubectlCompatibilityDispatcher dispatcher =
      new KubectlCompatibilityDispatcher(
          null, Map.of("datapipelines", "DataPipeline", "secrets", "Secret"));

  @Test
  void readsTheResourceTypeOfACustomResourceWatchFromItsPath() {
    assertThat(
            dispatcher.resourceType(
                "/apis/datapipeline.io/v1alpha1/namespaces/a/datapipelines?watch=true"))
        .isEqualTo(
            new KubectlCompatibilityDispatcher.ResourceType(
                "datapipeline.io/v1alpha1", "DataPipeline"));
  }

  @Test
  void readsTheResourceTypeOfACoreWatchFromItsPath() {
    assertThat(dispatcher.resourceType("/api/v1/namespaces/a/secrets?watch=1"))
        .isEqualTo(new KubectlCompatibilityDispatcher.ResourceType("v1", "Secret"));
  }

  @Test
  void discoveryKnowsTheKindOfEveryAdvertisedResource() {
    Map<String, String> kinds = new DiscoveryStubs(KubernetesApi.loadCrd()).kindsByPlural();
    assertThat(kinds)
        .containsEntry("datapipelines", "DataPipeline")
        .containsEntry("secrets", "Secret")
        .containsEntry("customresourcedefinitions", "CustomResourceDefinition");
  }
}
