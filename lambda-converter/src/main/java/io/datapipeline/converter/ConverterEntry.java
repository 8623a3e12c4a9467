package io.datapipeline.converter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.converter.load.Deadline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * The function's entry point ({@code io.datapipeline.converter.ConverterEntry::handleRequest}, the
 * image's command): the same function takes the bucket's S3 events and the split queue's messages
 * (docs/contracts.md "Large files"). Each is told apart by its records' {@code eventSource} and
 * read with the Lambda runtime's own event serializers, so an S3 event reaches {@link
 * ConverterHandler} exactly as when it was the entry point.
 */
public final class ConverterEntry implements RequestStreamHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConverterHandler handler;
  private final Clock clock = Clock.systemUTC();

  public ConverterEntry() {
    this(new ConverterHandler());
  }

  public ConverterEntry(ConverterHandler handler) {
    this.handler = handler;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] event = input.readAllBytes();
    JsonNode records = JSON.readTree(event).path("Records");
    if ("aws:sqs".equals(records.path(0).path("eventSource").asText())) {
      SQSEvent parts =
          LambdaEventSerializers.serializerFor(SQSEvent.class, getClass().getClassLoader())
              .fromJson(new ByteArrayInputStream(event));
      Deadline deadline =
          context == null
              ? Deadline.NONE
              : Deadline.forRemaining(Duration.ofMillis(context.getRemainingTimeInMillis()), clock);
      ConverterHandler.Invocation invocation =
          context == null
              ? ConverterHandler.Invocation.LOCAL
              : new ConverterHandler.Invocation(
                  context.getAwsRequestId(), context.getInvokedFunctionArn());
      SQSBatchResponse response = handler.handleParts(parts, deadline, invocation);
      // Lambda's partial batch response: the messages to deliver again.
      var failures = JSON.createObjectNode().putArray("batchItemFailures");
      for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
        failures.addObject().put("itemIdentifier", failure.getItemIdentifier());
      }
      output.write(
          JSON.writeValueAsBytes(JSON.createObjectNode().set("batchItemFailures", failures)));
      return;
    }
    S3Event s3 =
        LambdaEventSerializers.serializerFor(S3Event.class, getClass().getClassLoader())
            .fromJson(new ByteArrayInputStream(event));
    String report = handler.handleRequest(s3, context);
    output.write(JSON.writeValueAsString(report).getBytes(StandardCharsets.UTF_8));
  }
}
