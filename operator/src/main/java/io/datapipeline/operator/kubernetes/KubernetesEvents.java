package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.deploy.Notice;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes notices as core/v1 Events on the pipeline (what `kubectl describe` shows). */
public final class KubernetesEvents {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);
  private static final String COMPONENT = "datapipeline-operator";

  private final KubernetesClient client;

  public KubernetesEvents(KubernetesClient client) {
    this.client = client;
  }

  void publish(DataPipeline pipeline, Notice notice) {
    var meta = pipeline.getMetadata();
    String now = Instant.now().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(meta.getNamespace())
            .withName(
                meta.getName()
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(pipeline.getApiVersion())
                    .withKind(pipeline.getKind())
                    .withNamespace(meta.getNamespace())
                    .withName(meta.getName())
                    .withUid(meta.getUid())
                    .withResourceVersion(meta.getResourceVersion())
                    .build())
            .withType(notice.warning() ? "Warning" : "Normal")
            .withReason(notice.reason().id())
            .withMessage(truncate(notice.message()))
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: never fail a reconcile over it.
      if (e.getCode() == 403) {
        LOG.warn(
            "lost access to namespace {}: Event {} on {} refused (403). In a namespaced install"
                + " the namespace's RoleBinding goes first when the namespace is deleted; the"
                + " operator still deletes the pipeline's stacks and releases its finalizer"
                + " (chart value rbac.releaseFinalizersClusterWide). Message was: {}",
            meta.getNamespace(),
            notice.reason().id(),
            meta.getName(),
            notice.message());
        return;
      }
      LOG.warn(
          "could not publish event {} on {}/{}: {}",
          notice.reason().id(),
          meta.getNamespace(),
          meta.getName(),
          e.getMessage());
    }
  }

  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }
}
