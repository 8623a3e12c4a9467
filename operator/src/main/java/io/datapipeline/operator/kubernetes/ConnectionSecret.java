package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.PipelineOutputs;
import io.datapipeline.operator.deploy.PipelineRef;
import io.datapipeline.render.StackOutput;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code <name>-connection} Secret: where to find what the pipeline created, for workloads in
 * the namespace. Names and ARNs only, never a password (the database password stays in Secrets
 * Manager; the Secret holds the ARN of that secret).
 */
public final class ConnectionSecret {

  private ConnectionSecret() {}

  public static String name(DataPipeline pipeline) {
    return PipelineRef.connectionSecretName(pipeline.getMetadata().getName());
  }

  /** The keys and values the Secret holds (absent outputs are left out). */
  public static Map<String, String> data(PipelineOutputs outputs) {
    Map<String, String> data = new LinkedHashMap<>();
    if (outputs == null) {
      return data;
    }
    for (StackOutput output : StackOutput.publishedOutputs()) {
      StackOutput.Published published = output.published().orElseThrow();
      put(data, published.secretKey(), published.read().apply(outputs));
    }
    return data;
  }

  /** The Secret, owned by the pipeline so Kubernetes deletes it with the pipeline. */
  public static Secret desired(DataPipeline pipeline, PipelineOutputs outputs) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name(pipeline))
        .withNamespace(pipeline.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "datapipeline-operator")
        .addToLabels("datapipeline.io/name", pipeline.getMetadata().getName())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(pipeline.getApiVersion())
                .withKind(pipeline.getKind())
                .withName(pipeline.getMetadata().getName())
                .withUid(pipeline.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withType("Opaque")
        .withData(base64(data(outputs)))
        .build();
  }

  /** Base64 values as the API stores them (the mock API server does not convert stringData). */
  private static Map<String, String> base64(Map<String, String> plain) {
    Map<String, String> encoded = new LinkedHashMap<>();
    plain.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return encoded;
  }

  private static void put(Map<String, String> data, String key, String value) {
    if (value != null) {
      data.put(key, value);
    }
  }
}
