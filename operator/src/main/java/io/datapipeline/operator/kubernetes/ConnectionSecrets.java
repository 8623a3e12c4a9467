package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.PipelineOutputs;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each pipeline's connection Secret equal to its outputs, writing only on change, and only a
 * Secret the pipeline owns: one of that name made by someone else is never overwritten.
 */
public final class ConnectionSecrets {

  /** What {@link #apply} did. */
  enum Outcome {
    WRITTEN,
    UNCHANGED,
    /** A Secret of that name exists and is not owned by this pipeline: left untouched. */
    CONFLICT
  }

  private final KubernetesClient client;
  private final Map<String, Map<String, String>> applied = new ConcurrentHashMap<>();

  public ConnectionSecrets(KubernetesClient client) {
    this.client = client;
  }

  Outcome apply(DataPipeline pipeline, PipelineOutputs outputs) {
    Secret desired = ConnectionSecret.desired(pipeline, outputs);
    String key = pipeline.getMetadata().getUid();
    if (Objects.equals(applied.get(key), desired.getData())) {
      return Outcome.UNCHANGED;
    }
    Secret existing =
        client
            .secrets()
            .inNamespace(pipeline.getMetadata().getNamespace())
            .withName(desired.getMetadata().getName())
            .get();
    if (existing != null && !ownedBy(existing, key)) {
      return Outcome.CONFLICT;
    }
    if (existing == null || !Objects.equals(existing.getData(), desired.getData())) {
      client
          .secrets()
          .inNamespace(pipeline.getMetadata().getNamespace())
          .resource(desired)
          .createOr(NonDeletingOperation::update);
      applied.put(key, desired.getData());
      return Outcome.WRITTEN;
    }
    applied.put(key, desired.getData());
    return Outcome.UNCHANGED;
  }

  private static boolean ownedBy(Secret secret, String uid) {
    var owners = secret.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
  }

  void forget(DataPipeline pipeline) {
    applied.remove(pipeline.getMetadata().getUid());
  }
}
