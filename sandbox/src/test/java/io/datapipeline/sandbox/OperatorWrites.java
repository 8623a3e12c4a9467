package io.datapipeline.sandbox;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Writes on the sandbox's Kubernetes API what the operator writes on a DataPipeline, the way it
 * writes it (server-side apply by the field manager {@code datapipeline}, Events on the pipeline),
 * so that kubectl tests see what a user sees without an operator running.
 */
final class OperatorWrites {

  static final ResourceDefinitionContext DATA_PIPELINES =
      new ResourceDefinitionContext.Builder()
          .withGroup("datapipeline.io")
          .withVersion("v1alpha1")
          .withPlural("datapipelines")
          .withKind("DataPipeline")
          .withNamespaced(true)
          .build();
  private static final PatchContext APPLY =
      new PatchContext.Builder()
          .withPatchType(PatchType.SERVER_SIDE_APPLY)
          .withFieldManager("datapipeline")
          .withForce(true)
          .build();

  private final KubernetesApi api;
  private final String namespace;

  OperatorWrites(KubernetesApi api, String namespace) {
    this.api = api;
    this.namespace = namespace;
  }

  /** Copies the minimal example manifest (pipeline {@code weather} in tenant-a) to {@code file}. */
  static Path minimalManifest(Path file) throws IOException {
    try (InputStream in = OperatorWrites.class.getResourceAsStream("/crds/examples/minimal.yaml")) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      pipelines() {
    return api.client().genericKubernetesResources(DATA_PIPELINES).inNamespace(namespace);
  }

  /** Applies {@code status} to the pipeline's status subresource, as the operator does. */
  void applyStatus(String name, Map<String, Object> status) {
    GenericKubernetesResource applied = applied(name).build();
    applied.setAdditionalProperty("status", status);
    pipelines().withName(name).subresource("status").patch(APPLY, applied);
  }

  /** Applies {@code finalizer} to the pipeline, as JOSDK adds its finalizer. */
  void applyFinalizer(String name, String finalizer) {
    pipelines()
        .withName(name)
        .patch(APPLY, applied(name).editMetadata().withFinalizers(finalizer).endMetadata().build());
  }

  /** Records an Event on the DataPipeline {@code name} (of {@code uid}, when known). */
  void publishEvent(String name, String uid, String type, String reason, String message) {
    String now = Instant.now().toString();
    api.client()
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name + ".1")
                .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("datapipeline.io/v1alpha1")
                .withKind("DataPipeline")
                .withName(name)
                .withNamespace(namespace)
                .withUid(uid)
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build())
        .create();
  }

  private GenericKubernetesResourceBuilder applied(String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("datapipeline.io/v1alpha1")
        .withKind("DataPipeline")
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata();
  }
}
