package io.datapipeline.converter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import io.datapipeline.converter.aws.ConverterConfig;
import io.datapipeline.converter.aws.ConverterRuntime;
import io.datapipeline.converter.load.Deadline;
import io.datapipeline.converter.load.LoadOutcome;
import io.datapipeline.converter.load.PermanentFailureException;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.postgres.ConnectionSource;
import io.datapipeline.converter.split.PartTask;
import io.datapipeline.converter.split.SplitFailedException;
import io.datapipeline.converter.sqs.FailureQueue;
import io.datapipeline.converter.sqs.PartQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The Lambda entry point for S3 ObjectCreated (and, with ON_DELETE RemoveRows, ObjectRemoved)
 * events ({@code io.datapipeline.converter.ConverterHandler::handleRequest}). Each object of the
 * event is handled in turn. A file that can never load (bad input, a schema the table cannot take)
 * is audited once and sent to the failure queue by the handler itself ({@code FAILURE_QUEUE_URL}),
 * and counts as handled: retrying it would only fail again. When any other load failed (the
 * database unreachable, throttling, a timeout), the invocation fails after the others were tried,
 * so Lambda's asynchronous retry and on-failure destination keep the event (loaded objects are
 * skipped on retry through the audit table).
 */
public final class ConverterHandler implements RequestHandler<S3Event, String> {

  private final ConverterRuntime runtime;
  private final Clock clock = Clock.systemUTC();

  /** Used by Lambda: configuration from the environment, SDK clients built once per container. */
  public ConverterHandler() {
    this.runtime = ConverterRuntime.fromEnvironment(System.getenv());
  }

  /**
   * Used in process (tests, the sandbox): explicit configuration and clients. {@code sqs} may be
   * null when {@code FAILURE_QUEUE_URL} is unset; {@code database} may be null, in which case
   * connections are opened with {@code DB_SECRET_ARN}'s credentials.
   */
  public ConverterHandler(
      ConverterConfig config,
      S3Client s3,
      DynamoDbClient dynamoDb,
      SecretsManagerClient secretsManager,
      SqsClient sqs,
      ConnectionSource database) {
    this.runtime =
        new ConverterRuntime(config, s3, dynamoDb, secretsManager, sqs, database, System.out);
  }

  /** Who is invoking: named in the records sent to the failure queue. */
  public record Invocation(String requestId, String functionArn) {
    /** In process, outside Lambda. */
    public static final Invocation LOCAL = new Invocation("in-process", null);
  }

  @Override
  public String handleRequest(S3Event event, Context context) {
    if (context == null) {
      return handle(event, Deadline.NONE).toString();
    }
    Deadline deadline =
        Deadline.forRemaining(Duration.ofMillis(context.getRemainingTimeInMillis()), clock);
    return handle(
            event,
            deadline,
            new Invocation(context.getAwsRequestId(), context.getInvokedFunctionArn()))
        .toString();
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
    return handle(event, deadline, Invocation.LOCAL);
  }

  /** The same, naming the invocation in what is sent to the failure queue. */
  public HandlerReport handle(S3Event event, Deadline deadline, Invocation invocation) {
    List<S3EventNotificationRecord> records = event == null ? null : event.getRecords();
    return handle(records == null ? List.of() : records, deadline, invocation);
  }

  private HandlerReport handle(
      List<S3EventNotificationRecord> records, Deadline deadline, Invocation invocation) {
    List<HandlerReport.ObjectReport> done = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Exception first = null;
    for (S3EventNotificationRecord record : records) {
      SourceFile source = source(record);
      try {
        try {
          LoadOutcome outcome = runtime.handle(record.getEventName(), source, deadline);
          done.add(
              new HandlerReport.ObjectReport(
                  source.bucket(),
                  source.key(),
                  outcome.status(),
                  outcome.rowsLoaded(),
                  outcome.rowsRejected()));
        } catch (PermanentFailureException e) {
          FailureQueue queue = runtime.failureQueue();
          if (queue == null) {
            throw e; // no queue of our own: Lambda's retries end in its on-failure destination
          }
          queue.send(
              OnFailureRecord.json(
                  clock.instant(),
                  invocation.requestId(),
                  invocation.functionArn(),
                  OnFailureRecord.PERMANENT_FAILURE,
                  1,
                  OnFailureRecord.eventOf(record),
                  e.reason(),
                  source.location() + ": " + e.getMessage()));
          System.err.println(
              "converter: "
                  + source.location()
                  + " ("
                  + source.version()
                  + ") can never load ("
                  + e.reason()
                  + "), sent to the failure queue, not retried: "
                  + e.getMessage());
          done.add(new HandlerReport.ObjectReport(source.bucket(), source.key(), "failed", 0, 0));
        }
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

  /**
   * Loads the parts of split objects a split queue batch holds (docs/contracts.md "Large files";
   * the mapping delivers one at a time). A version that failed for good was audited and undone by
   * the part that failed it, and is reported to the failure queue here, its message consumed; a
   * part that may load on a later delivery is returned as a batch item failure, so the queue
   * delivers it again (and, after its redrive count, moves it to the failure queue).
   */
  public SQSBatchResponse handleParts(SQSEvent event, Deadline deadline, Invocation invocation) {
    List<SQSBatchResponse.BatchItemFailure> retry = new ArrayList<>();
    List<SQSEvent.SQSMessage> messages =
        event == null || event.getRecords() == null ? List.of() : event.getRecords();
    for (SQSEvent.SQSMessage message : messages) {
      try {
        PartTask task = PartQueue.parse(message.getBody());
        try {
          runtime.loadPart(task, deadline, receiveCount(message));
        } catch (SplitFailedException e) {
          FailureQueue queue = runtime.failureQueue();
          System.err.println("converter: " + e.getMessage() + " (" + e.reason() + ")");
          if (queue == null) {
            throw e;
          }
          queue.send(
              OnFailureRecord.json(
                  clock.instant(),
                  invocation.requestId(),
                  invocation.functionArn(),
                  e.permanent()
                      ? OnFailureRecord.PERMANENT_FAILURE
                      : OnFailureRecord.RETRIES_EXHAUSTED,
                  receiveCount(message),
                  OnFailureRecord.parse(message.getBody()),
                  e.reason(),
                  e.getMessage()));
        }
      } catch (IllegalArgumentException e) {
        // Not a part message: redelivering it cannot help; the queue's redrive would keep it.
        System.err.println("converter: dropped split queue message: " + e.getMessage());
      } catch (Exception e) {
        System.err.println("converter: split part " + message.getBody() + " failed: " + e);
        retry.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      }
    }
    return new SQSBatchResponse(retry);
  }

  private static int receiveCount(SQSEvent.SQSMessage message) {
    String count =
        message.getAttributes() == null
            ? null
            : message.getAttributes().get("ApproximateReceiveCount");
    try {
      return count == null ? 1 : Integer.parseInt(count);
    } catch (NumberFormatException e) {
      return 1;
    }
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
