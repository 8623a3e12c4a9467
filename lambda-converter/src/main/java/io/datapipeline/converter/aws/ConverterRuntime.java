package io.datapipeline.converter.aws;

import io.datapipeline.converter.dynamodb.DynamoDbDestination;
import io.datapipeline.converter.load.AuditTrail;
import io.datapipeline.converter.load.Deadline;
import io.datapipeline.converter.load.FileConversion;
import io.datapipeline.converter.load.LoadOutcome;
import io.datapipeline.converter.load.ObjectRemoval;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.metrics.EmfMetrics;
import io.datapipeline.converter.postgres.ConnectionSource;
import io.datapipeline.converter.postgres.PostgresAuditTrail;
import io.datapipeline.converter.postgres.PostgresDestination;
import io.datapipeline.converter.postgres.PostgresSession;
import io.datapipeline.converter.postgres.PostgresSplits;
import io.datapipeline.converter.postgres.ReaderRoleSync;
import io.datapipeline.converter.s3.S3ObjectInput;
import io.datapipeline.converter.s3.S3Outputs;
import io.datapipeline.converter.s3.SchemaSource;
import io.datapipeline.converter.secrets.SecretConnectionSource;
import io.datapipeline.converter.secrets.SecretCredentials;
import io.datapipeline.converter.split.PartTask;
import io.datapipeline.converter.sqs.FailureQueue;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The Lambda container's object graph, wired with plain constructors from the configuration: what
 * lives as long as the container (clients, the database session, which DDL was applied) and the use
 * case that loads each object.
 */
public final class ConverterRuntime {

  /** How long a secret's value is trusted before it is read again (rotation). */
  private static final Duration SECRET_TTL = Duration.ofMinutes(15);

  private final S3Client s3;
  private final SchemaSource schemas;
  private final LambdaDestinations destinations;
  private final FileConversion conversion;
  private final FailureQueue failureQueue;
  private final ObjectRemoval removal;
  private final boolean removesRows;
  private final SplitLoads splits;

  /**
   * The graph. {@code sqs} may be null when {@code FAILURE_QUEUE_URL} is unset; {@code database}
   * may be null, connections are then opened with {@code DB_SECRET_ARN}'s credentials.
   */
  public ConverterRuntime(
      ConverterConfig config,
      S3Client s3,
      DynamoDbClient dynamo,
      SecretsManagerClient secretsManager,
      SqsClient sqs,
      ConnectionSource database,
      PrintStream metricsOut) {
    Clock clock = Clock.systemUTC();
    SecretCredentials secrets = new SecretCredentials(secretsManager, SECRET_TTL, clock);
    this.s3 = s3;
    this.schemas = new SchemaSource(config.schemaJson(), config.schemaS3Uri(), s3);
    PostgresDestination postgres = null;
    PostgresSession session = null;
    AuditTrail audit = AuditTrail.NONE;
    if (config.loadsPostgres()) {
      if (database == null) {
        config.checkTrustStore(); // before the first file, naming the setting
      }
      session =
          new PostgresSession(
              database != null
                  ? database
                  : new SecretConnectionSource(config.jdbcUrl(), config.dbSecretArn(), secrets));
      ReaderRoleSync readerRole =
          config.dbReaderSecretArn() == null
              ? null
              : new ReaderRoleSync(
                  () -> {
                    SecretCredentials.Credentials c = secrets.get(config.dbReaderSecretArn());
                    return new ReaderRoleSync.RoleCredentials(
                        c.username(), c.password(), c.versionId());
                  },
                  config.dbTable());
      postgres = new PostgresDestination(session, config.dbTable(), readerRole);
      audit = new PostgresAuditTrail(session);
    }
    this.destinations =
        new LambdaDestinations(
            new S3Outputs(s3, config.outputLayout()),
            config.dynamoDbTable() == null
                ? null
                : new DynamoDbDestination(
                    dynamo, config.dynamoDbTable(), config.dynamoDbMaxConcurrency()),
            postgres);
    this.conversion =
        new FileConversion(audit, new EmfMetrics(metricsOut, config.pipeline()), clock);
    if (config.failureQueueUrl() != null && sqs == null) {
      throw new IllegalArgumentException("FAILURE_QUEUE_URL is set but no SQS client was given");
    }
    this.failureQueue =
        config.failureQueueUrl() == null ? null : new FailureQueue(sqs, config.failureQueueUrl());
    this.removal = new ObjectRemoval(audit, clock);
    this.removesRows = config.removesRows();
    if (config.splitQueueUrl() != null && sqs == null) {
      throw new IllegalArgumentException("SPLIT_QUEUE_URL is set but no SQS client was given");
    }
    this.splits =
        config.splitsLargeFiles()
            ? new SplitLoads(
                config,
                new SplitLoads.Clients(s3, sqs, dynamo),
                new SplitLoads.Database(
                    postgres, audit, new PostgresSplits(session, config.dbTable())))
            : null;
  }

  /** Lambda's wiring: clients from the environment (region, credentials, AWS_ENDPOINT_URL). */
  public static ConverterRuntime fromEnvironment(Map<String, String> env) {
    ConverterConfig config = ConverterConfig.fromEnvironment(env);
    keepAliveConnections(config.dynamoDbMaxConcurrency());
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
    SqsClient sqs =
        config.failureQueueUrl() == null && config.splitQueueUrl() == null
            ? null
            : SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return new ConverterRuntime(config, s3, dynamo, secrets, sqs, null, System.out);
  }

  /** Where files that can never load are sent; null when {@code FAILURE_QUEUE_URL} is unset. */
  public FailureQueue failureQueue() {
    return failureQueue;
  }

  /** Beside the DynamoDB writers: the 8 conditional deleters, S3, Secrets Manager. */
  private static final int DELETE_AND_OTHER_CONNECTIONS = 12;

  /**
   * The SDK's UrlConnectionHttpClient rides on HttpURLConnection, whose keep-alive cache keeps at
   * most {@code http.maxConnections} idle connections per host (5 by default): with more DynamoDB
   * writers in flight, every request beyond 5 would open, TLS-handshake and drop a connection of
   * its own. The JDK reads the property once, when its cache is first used, so this runs before any
   * client exists; a value set on the command line wins.
   */
  public static void keepAliveConnections(int dynamoDbMaxConcurrency) {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty(
          "http.maxConnections",
          Integer.toString(dynamoDbMaxConcurrency + DELETE_AND_OTHER_CONNECTIONS));
    }
  }

  /**
   * Loads one object of an event; throws when it could not be loaded (after auditing it), also when
   * {@code deadline} passed first.
   */
  public LoadOutcome load(SourceFile source, Deadline deadline) throws Exception {
    if (splits != null && splits.splits(source, schemas.schema())) {
      return splits.coordinate(
          source, schemas.schema(), deadline, () -> loadWhole(source, deadline));
    }
    return loadWhole(source, deadline);
  }

  private LoadOutcome loadWhole(SourceFile source, Deadline deadline) throws Exception {
    return conversion.load(source, schemas, destinations, new S3ObjectInput(s3, source), deadline);
  }

  /**
   * Loads one part of a split object (a split queue message, delivered for the {@code attempt}th
   * time) and commits the version when it was the last part; throws {@link
   * io.datapipeline.converter.split.SplitFailedException} when the version failed for good.
   */
  public LoadOutcome loadPart(PartTask task, Deadline deadline, int attempt) throws Exception {
    if (splits == null) {
      throw new IllegalStateException(
          "a split part arrived but this function does not split (SPLIT_QUEUE_URL and DB_TABLE)");
    }
    return splits.part(task, schemas.schema(), deadline, attempt);
  }

  /**
   * Acts on one record of an S3 event by its {@code eventName}: {@code ObjectCreated:*} loads the
   * object; {@code ObjectRemoved:*} removes its rows when ON_DELETE is RemoveRows and is ignored
   * otherwise; anything else (a {@code LifecycleExpiration:*} record, should the bucket ever be
   * subscribed to one) is ignored: expiry of raw uploads never removes rows.
   */
  public LoadOutcome handle(String eventName, SourceFile source, Deadline deadline)
      throws Exception {
    if (eventName == null || eventName.startsWith("ObjectCreated:")) {
      return load(source, deadline);
    }
    if (eventName.startsWith("ObjectRemoved:") && removesRows) {
      return removal.remove(
          source, eventName.equals("ObjectRemoved:DeleteMarkerCreated"), schemas, destinations);
    }
    System.err.println(
        "converter: ignored "
            + eventName
            + " of "
            + source.location()
            + (eventName.startsWith("ObjectRemoved:")
                ? " (ON_DELETE is Keep: the rows stay)"
                : " (only uploads and, with ON_DELETE RemoveRows, deletions are acted on)"));
    return LoadOutcome.ignored(source.key());
  }
}
