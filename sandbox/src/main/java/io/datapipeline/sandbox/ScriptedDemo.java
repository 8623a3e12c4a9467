package io.datapipeline.sandbox;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.IngestSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code --apply} and {@code --upload}: what the walkthrough does with kubectl and the AWS CLI,
 * done by the sandbox itself for a scripted demo.
 */
final class ScriptedDemo {

  private static final Logger LOG = LoggerFactory.getLogger(ScriptedDemo.class);
  static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  private ScriptedDemo() {}

  /** Applies every object of the manifests; returns the DataPipelines among them. */
  static List<HasMetadata> apply(KubernetesClient client, List<Path> manifests) {
    List<HasMetadata> applied = new ArrayList<>();
    for (Path manifest : manifests) {
      try (InputStream in = Files.newInputStream(manifest)) {
        for (HasMetadata object : client.load(in).items()) {
          ensureNamespace(client, object.getMetadata().getNamespace());
          applied.add(client.resource(object).createOr(NonDeletingOperation::update));
          LOG.info(
              "applied {} {}/{} from {}",
              object.getKind(),
              object.getMetadata().getNamespace(),
              object.getMetadata().getName(),
              manifest);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read manifest " + manifest, e);
      }
    }
    return applied;
  }

  /** As the walkthrough's {@code kubectl create namespace}: the API takes objects only there. */
  private static void ensureNamespace(KubernetesClient client, String namespace) {
    if (namespace == null || client.namespaces().withName(namespace).get() != null) {
      return;
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    LOG.info("created namespace {}", namespace);
  }

  /**
   * Once the pipeline is Ready, uploads the file under its ingest prefix, as {@code aws s3 cp}
   * would; runs in the background so the sandbox stays responsive.
   */
  static Thread uploadWhenReady(
      KubernetesClient client, AwsClients aws, String namespace, String name, Path file) {
    Thread thread =
        new Thread(
            () -> {
              try {
                upload(client, aws, namespace, name, file);
              } catch (RuntimeException e) {
                LOG.error("--upload {} failed: {}", file, e.getMessage());
              }
            },
            "sandbox-upload");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void upload(
      KubernetesClient client, AwsClients aws, String namespace, String name, Path file) {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    DataPipeline pipeline;
    while (true) {
      pipeline = client.resources(DataPipeline.class).inNamespace(namespace).withName(name).get();
      if (pipeline != null && ready(pipeline)) {
        break;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            namespace + "/" + name + " not Ready within " + READY_TIMEOUT + "; not uploading");
      }
      sleep();
    }
    IngestSpec ingest =
        pipeline.getSpec().ingest == null ? new IngestSpec() : pipeline.getSpec().ingest;
    String bucket = pipeline.getStatus().outputs.bucketName;
    String key = (ingest.prefix == null ? "" : ingest.prefix) + file.getFileName();
    aws.s3(Pipelines.region(pipeline, SandboxConfig.DEFAULT_REGION))
        .putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
    LOG.info("uploaded {} to s3://{}/{}", file, bucket, key);
  }

  private static boolean ready(DataPipeline pipeline) {
    return pipeline.getStatus() != null
        && pipeline.getStatus().outputs != null
        && pipeline.getStatus().outputs.bucketName != null
        && Optional.ofNullable(pipeline.getStatus().conditions).orElse(List.of()).stream()
            .anyMatch(c -> "Ready".equals(c.type) && "True".equals(c.status));
  }

  private static void sleep() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
