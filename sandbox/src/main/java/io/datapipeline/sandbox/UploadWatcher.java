package io.datapipeline.sandbox;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.IngestSpec;
import io.datapipeline.converter.OnFailureRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Stands in for S3's ObjectCreated notification to the converter Lambda (moto cannot run Lambda
 * code): polls each ready pipeline's bucket in moto for object versions under its ingest prefix and
 * suffix, and invokes the converter once per new object version with the event JSON S3 would send.
 *
 * <p>The converter runs with the environment the operator gave its Lambda function in moto, except
 * for what the stand-in database changes: DB_HOST, DB_PORT, DB_NAME, DB_SECRET_ARN,
 * DB_READER_SECRET_ARN and DB_SSL_MODE=disable (the stand-in database listens on loopback without
 * TLS; set explicitly, never a default: production's template sets verify-full).
 *
 * <p>Like Lambda's asynchronous invocation, an event whose invocation fails is tried {@link
 * #ATTEMPTS} times in all, then sent to the function's on-failure destination (the converter
 * stack's failure queue, {@code status.outputs.failureQueueArn}; moto ignores the
 * EventInvokeConfig) as a record of Lambda's shape with condition {@code RetriesExhausted}.
 */
final class UploadWatcher {

  private static final Logger LOG = LoggerFactory.getLogger(UploadWatcher.class);

  private final AwsClients aws;
  private final RdsStandIn databases;
  private final ConverterInvoker converter;
  private final String defaultRegion;

  /** Lambda retries a failed asynchronous invocation twice. */
  static final int ATTEMPTS = 3;

  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  UploadWatcher(
      AwsClients aws, RdsStandIn databases, ConverterInvoker converter, String defaultRegion) {
    this.aws = aws;
    this.databases = databases;
    this.converter = converter;
    this.defaultRegion = defaultRegion;
  }

  /** Invokes the converter for every new object of every ready pipeline; returns how many. */
  int poll(Iterable<DataPipeline> pipelines) {
    int invoked = 0;
    for (DataPipeline pipeline : pipelines) {
      var database = databases.database(pipeline);
      var outputs = pipeline.getStatus() == null ? null : pipeline.getStatus().outputs;
      if (database.isEmpty()
          || outputs == null
          || outputs.bucketName == null
          || outputs.converterFunctionArn == null
          || !Pipelines.stackSettled(pipeline, "storage")) {
        continue;
      }
      invoked += poll(pipeline, outputs.bucketName, outputs.converterFunctionArn, database.get());
    }
    return invoked;
  }

  private int poll(
      DataPipeline pipeline, String bucket, String functionArn, RdsStandIn.StandInDatabase db) {
    IngestSpec ingest =
        pipeline.getSpec().ingest == null ? new IngestSpec() : pipeline.getSpec().ingest;
    String prefix = ingest.prefix == null ? "" : ingest.prefix;
    String suffix = ingest.suffix == null ? "" : ingest.suffix;
    String region = Pipelines.region(pipeline, defaultRegion);
    int invoked = 0;
    try {
      for (ObjectVersion version :
          aws.s3(region)
              .listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix))
              .versions()) {
        String identity = identity(bucket, version);
        if (!version.key().endsWith(suffix) || !seen.add(identity)) {
          continue;
        }
        Failure failure = invoke(pipeline, region, bucket, version, functionArn, db);
        if (failure != null) {
          int attempts = failures.merge(identity, 1, Integer::sum);
          if (attempts < ATTEMPTS) {
            seen.remove(identity); // try again on a later poll, as Lambda's retries would
          } else {
            sendToOnFailureDestination(pipeline, region, functionArn, failure, attempts);
          }
        }
        invoked++;
      }
    } catch (NoSuchBucketException e) {
      LOG.debug("{}: bucket {} not there (yet)", Pipelines.key(pipeline), bucket);
    }
    return invoked;
  }

  /** A failed invocation: the event it was given and what the function threw. */
  private record Failure(String eventJson, Exception error) {}

  private Failure invoke(
      DataPipeline pipeline,
      String region,
      String bucket,
      ObjectVersion version,
      String functionArn,
      RdsStandIn.StandInDatabase db) {
    String versionId =
        version.versionId() == null || "null".equals(version.versionId())
            ? null
            : version.versionId();
    String event =
        S3EventJson.objectCreated(
            new S3EventJson.NewObject(
                region,
                bucket,
                version.key(),
                version.size(),
                version.eTag(),
                versionId,
                version.lastModified()),
            "datapipeline-converter");
    try {
      Map<String, String> environment = environment(region, functionArn, db);
      long started = System.nanoTime();
      String report = converter.invoke(region, environment, event);
      LOG.info(
          "{}: converted s3://{}/{} in {} ms: {}",
          Pipelines.key(pipeline),
          bucket,
          version.key(),
          (System.nanoTime() - started) / 1_000_000,
          report);
      return null;
    } catch (Exception e) {
      // Lambda would retry twice, then hand the event to the on-failure destination; the
      // converter has recorded the failure in pipeline_loads and rejected/.
      LOG.error(
          "{}: the converter failed on s3://{}/{}: {}",
          Pipelines.key(pipeline),
          bucket,
          version.key(),
          e.toString());
      return new Failure(event, e);
    }
  }

  /** What Lambda does once the retries are spent: the record goes to the failure queue. */
  private void sendToOnFailureDestination(
      DataPipeline pipeline, String region, String functionArn, Failure failure, int attempts) {
    String queueArn = pipeline.getStatus().outputs.failureQueueArn;
    if (queueArn == null) {
      LOG.warn(
          "{}: no failure queue in status.outputs; the event is dropped", Pipelines.key(pipeline));
      return;
    }
    String[] arn = queueArn.split(":", 6); // arn:aws:sqs:<region>:<account>:<name>
    try {
      String queueUrl =
          aws.sqs(region)
              .getQueueUrl(b -> b.queueName(arn[5]).queueOwnerAWSAccountId(arn[4]))
              .queueUrl();
      aws.sqs(region)
          .sendMessage(
              b ->
                  b.queueUrl(queueUrl)
                      .messageBody(
                          OnFailureRecord.json(
                              Instant.now(),
                              UUID.randomUUID().toString(),
                              functionArn + ":$LATEST",
                              OnFailureRecord.RETRIES_EXHAUSTED,
                              attempts,
                              OnFailureRecord.parse(failure.eventJson()),
                              failure.error().getClass().getName(),
                              String.valueOf(failure.error().getMessage()))));
      LOG.info("{}: retries exhausted, event sent to {}", Pipelines.key(pipeline), queueArn);
    } catch (RuntimeException e) {
      LOG.error(
          "{}: could not send the failed event to {}: {}",
          Pipelines.key(pipeline),
          queueArn,
          e.toString());
    }
  }

  private Map<String, String> environment(
      String region, String functionArn, RdsStandIn.StandInDatabase db) {
    Map<String, String> environment = new LinkedHashMap<>();
    var configuration =
        aws.lambda(region).getFunctionConfiguration(b -> b.functionName(functionArn));
    if (configuration.environment() != null && configuration.environment().variables() != null) {
      environment.putAll(configuration.environment().variables());
    }
    DatabaseCredentials credentials = db.credentials();
    environment.put("DB_HOST", credentials.host());
    environment.put("DB_PORT", Integer.toString(credentials.port()));
    environment.put("DB_NAME", credentials.database());
    environment.put("DB_SECRET_ARN", db.secretArn());
    environment.put("DB_READER_SECRET_ARN", db.readerSecretArn());
    environment.put("DB_SSL_MODE", "disable");
    // The sandbox has no stand-in for the split queue's event source mapping yet: a large file
    // would be split into messages nobody delivers, so every file loads in one invocation here.
    environment.remove("SPLIT_QUEUE_URL");
    return environment;
  }

  /** One object version; an unversioned bucket's versions are told apart by ETag and time. */
  private static String identity(String bucket, ObjectVersion version) {
    String id =
        version.versionId() == null || "null".equals(version.versionId())
            ? version.eTag() + "@" + version.lastModified()
            : version.versionId();
    return bucket + "/" + version.key() + "#" + id;
  }
}
