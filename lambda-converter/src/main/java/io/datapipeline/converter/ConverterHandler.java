package io.datapipeline.converter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import io.datapipeline.converter.aws.ConverterConfig;
import io.datapipeline.converter.aws.ConverterRuntime;
import io.datapipeline.converter.load.Deadline;
import io.datapipeline.converter.load.LoadOutcome;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.postgres.ConnectionSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Lambda entry point for S3 ObjectCreated (and, with ON_DELETE RemoveRows, ObjectRemoved)
 * events ({@code io.datapipeline.converter.ConverterHandler::handleRequest}). Each object of the
 * event is loaded in turn; when any failed, the invocation fails after the others were tried, so
 * Lambda's asynchronous retry and on-failure destination keep the event (loaded objects are skipped
 * on retry through the audit table).
 */
public final class ConverterHandler implements RequestHandler<S3Event, String> {

  private final ConverterRuntime runtime;

  /** Used by Lambda: configuration from the environment, SDK clients built once per container. */
  public ConverterHandler() {
    this.runtime = ConverterRuntime.fromEnvironment(System.getenv());
  }

  /**
   * Used in process (tests, the sandbox): explicit configuration and clients. {@code database} may
   * be null, in which case connections are opened with {@code DB_SECRET_ARN}'s credentials.
   */
  public ConverterHandler(
      ConverterConfig config,
      S3Client s3,
      DynamoDbClient dynamoDb,
      SecretsManagerClient secretsManager,
      ConnectionSource database) {
    this.runtime = new ConverterRuntime(config, s3, dynamoDb, secretsManager, database, System.out);
  }

  @Override
  public String handleRequest(S3Event event, Context context) {
    Deadline deadline =
        context == null
            ? Deadline.NONE
            : Deadline.forRemaining(
                Duration.ofMillis(context.getRemainingTimeInMillis()), Clock.systemUTC());
    return handle(event, deadline).toString();
  }

  /** Loads every object of the event; throws {@link ConversionFailedException} if any failed. */
  public HandlerReport handle(S3Event event) {
    return handle(event, Deadline.NONE);
  }

  /**
   * The same, abandoning a load cleanly (audited failed, reason timeout) when {@code deadline}
   * passes before it could finish.
   */
  public HandlerReport handle(S3Event event, Deadline deadline) {
    List<S3EventNotificationRecord> records = event == null ? null : event.getRecords();
    return handle(records == null ? List.of() : records, deadline);
  }

  private HandlerReport handle(List<S3EventNotificationRecord> records, Deadline deadline) {
    List<HandlerReport.ObjectReport> done = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Exception first = null;
    for (S3EventNotificationRecord record : records) {
      SourceFile source = source(record);
      try {
        LoadOutcome outcome = runtime.handle(record.getEventName(), source, deadline);
        done.add(
            new HandlerReport.ObjectReport(
                source.bucket(),
                source.key(),
                outcome.status(),
                outcome.rowsLoaded(),
                outcome.rowsRejected()));
      } catch (Exception e) {
        failures.add(source.location() + ": " + e.getMessage());
        System.err.println(
            "converter: failed " + source.location() + " (" + source.version() + "): " + e);
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

  /** The object an event record names, key URL-decoded. */
  private static SourceFile source(S3EventNotificationRecord record) {
    var object = record.getS3().getObject();
    Instant eventTime =
        record.getEventTime() == null
            ? Instant.now()
            : Instant.ofEpochMilli(record.getEventTime().getMillis());
    return new SourceFile(
        record.getS3().getBucket().getName(),
        object.getUrlDecodedKey(),
        blankToNull(object.getVersionId()),
        blankToNull(object.geteTag()),
        object.getSizeAsLong() == null ? 0 : object.getSizeAsLong(),
        eventTime,
        blankToNull(object.getSequencer()));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
