package io.datapipeline.converter.aws;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import io.datapipeline.converter.ConversionFailedException;
import io.datapipeline.converter.HandlerReport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The handler's object graph, wired with plain constructors, and the per-event loop. */
public final class ConverterRuntime {

  private final ObjectLoader loader;

  public ConverterRuntime(
      ConverterConfig config,
      S3Client s3,
      DynamoDbClient dynamo,
      SecretsManagerClient secretsManager,
      ConnectionSource database,
      PrintStream metricsOut) {
    SecretCredentials secrets =
        new SecretCredentials(secretsManager, ObjectLoader.secretTtl(), Clock.systemUTC());
    ConnectionSource db =
        database != null
            ? database
            : config.loadsPostgres() ? new SecretConnectionSource(config, secrets) : null;
    this.loader =
        new ObjectLoader(
            config, s3, dynamo, secrets, db, new EmfMetrics(metricsOut), Clock.systemUTC());
  }

  /** Lambda's wiring: clients from the environment (region, credentials, AWS_ENDPOINT_URL). */
  public static ConverterRuntime fromEnvironment(Map<String, String> env) {
    ConverterConfig config = ConverterConfig.fromEnvironment(env);
    // A local endpoint (the sandbox's moto_server) serves buckets by path, not by host name.
    boolean pathStyle =
        env.get("AWS_ENDPOINT_URL") != null || env.get("AWS_ENDPOINT_URL_S3") != null;
    S3Client s3 =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .forcePathStyle(pathStyle)
            .build();
    DynamoDbClient dynamo =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    SecretsManagerClient secrets =
        SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return new ConverterRuntime(config, s3, dynamo, secrets, null, System.out);
  }

  public HandlerReport handle(List<S3EventNotificationRecord> records) {
    List<HandlerReport.ObjectReport> done = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Exception first = null;
    for (S3EventNotificationRecord record : records) {
      ObjectLoader.SourceObject source = source(record);
      try {
        ObjectLoader.Outcome outcome = loader.load(source);
        done.add(
            new HandlerReport.ObjectReport(
                source.bucket(),
                source.key(),
                outcome.status(),
                outcome.rowsLoaded(),
                outcome.rowsRejected()));
      } catch (Exception e) {
        failures.add("s3://" + source.bucket() + "/" + source.key() + ": " + e.getMessage());
        System.err.println(
            "converter: failed s3://"
                + source.bucket()
                + "/"
                + source.key()
                + " ("
                + source.version()
                + "): "
                + e);
        first = first == null ? e : first;
      }
    }
    if (!failures.isEmpty()) {
      throw new ConversionFailedException(
          failures.size()
              + " of "
              + records.size()
              + " objects failed: "
              + String.join("; ", failures),
          first,
          done);
    }
    return new HandlerReport(done);
  }

  private static ObjectLoader.SourceObject source(S3EventNotificationRecord record) {
    var object = record.getS3().getObject();
    Instant eventTime =
        record.getEventTime() == null
            ? Instant.now()
            : Instant.ofEpochMilli(record.getEventTime().getMillis());
    return new ObjectLoader.SourceObject(
        record.getS3().getBucket().getName(),
        object.getUrlDecodedKey(),
        blankToNull(object.getVersionId()),
        blankToNull(object.geteTag()),
        object.getSizeAsLong() == null ? 0 : object.getSizeAsLong(),
        eventTime);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
