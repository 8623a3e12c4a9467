package io.datapipeline.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/** The typed objects {@code helm template} produced, with finders for the tests. */
record RenderedChart(String yaml, List<HasMetadata> objects) {

  static RenderedChart parse(String yaml) {
    return new RenderedChart(yaml, List.copyOf(StrictManifests.parseAll(yaml)));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of this type; fails when there are none or several. */
  <T extends HasMetadata> T single(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError(
          "Expected exactly one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  Deployment deployment() {
    return single(Deployment.class);
  }

  Container operatorContainer() {
    List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
    if (containers.size() != 1) {
      throw new AssertionError("Expected the operator container alone, found " + containers);
    }
    return containers.get(0);
  }

  String envValue(String name) {
    return operatorContainer().getEnv().stream()
        .filter(env -> env.getName().equals(name))
        .map(env -> env.getValue())
        .findFirst()
        .orElse(null);
  }
}
