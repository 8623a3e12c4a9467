package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.PipelineOutputs;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps each pipeline's connection Secret equal to its outputs, writing only on change. */
public final class ConnectionSecrets {

  private final KubernetesClient client;
  private final Map<String, Map<String, String>> applied = new ConcurrentHashMap<>();

  public ConnectionSecrets(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @return true when the Secret was written
   */
  boolean apply(DataPipeline pipeline, PipelineOutputs outputs) {
    Secret desired = ConnectionSecret.desired(pipeline, outputs);
    String key = pipeline.getMetadata().getUid();
    if (Objects.equals(applied.get(key), desired.getData())) {
      return false;
    }
    Secret existing =
        client
            .secrets()
            .inNamespace(pipeline.getMetadata().getNamespace())
            .withName(desired.getMetadata().getName())
            .get();
    if (existing == null || !Objects.equals(existing.getData(), desired.getData())) {
      client
          .secrets()
          .inNamespace(pipeline.getMetadata().getNamespace())
          .resource(desired)
          .createOr(NonDeletingOperation::update);
      applied.put(key, desired.getData());
      return true;
    }
    applied.put(key, desired.getData());
    return false;
  }

  void forget(DataPipeline pipeline) {
    applied.remove(pipeline.getMetadata().getUid());
  }
}
