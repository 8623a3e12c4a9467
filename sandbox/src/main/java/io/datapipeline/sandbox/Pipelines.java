package io.datapipeline.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Reads the pipelines and what the operator reported about them from the Kubernetes API. */
final class Pipelines {

  private static final Set<String> SETTLED = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE");

  private final KubernetesClient client;

  Pipelines(KubernetesClient client) {
    this.client = client;
  }

  List<DataPipeline> list() {
    return client.resources(DataPipeline.class).inAnyNamespace().list().getItems();
  }

  static String key(DataPipeline pipeline) {
    return pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
  }

  static String region(DataPipeline pipeline, String fallback) {
    var spec = pipeline.getSpec();
    return spec != null && spec.aws != null && spec.aws.region != null ? spec.aws.region : fallback;
  }

  /** True when the operator reports this component's stack created or updated. */
  static boolean stackSettled(DataPipeline pipeline, String component) {
    return stack(pipeline, component)
        .map(s -> s.status != null && SETTLED.contains(s.status))
        .orElse(false);
  }

  /** Stack names in a pipeline's status, read from its JSON (e.g. {@code kubectl get -o json}). */
  static List<String> stackNames(String pipelineJson) {
    try {
      DataPipeline pipeline =
          new ObjectMapper()
              .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
              .readValue(pipelineJson, DataPipeline.class);
      return pipeline.getStatus() == null
          ? List.of()
          : pipeline.getStatus().stacks.stream()
              .map(s -> s.stackName)
              .filter(Objects::nonNull)
              .toList();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a DataPipeline: " + e.getOriginalMessage(), e);
    }
  }

  static Optional<StackStatus> stack(DataPipeline pipeline, String component) {
    if (pipeline.getStatus() == null || pipeline.getStatus().stacks == null) {
      return Optional.empty();
    }
    return pipeline.getStatus().stacks.stream()
        .filter(s -> component.equals(s.component))
        .findFirst();
  }
}
