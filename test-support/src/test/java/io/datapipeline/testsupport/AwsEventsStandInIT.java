package io.datapipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.standins.events.AwsEventsStandIn;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The events stand-in against moto: a stack's status change reaches the queue as EventBridge
 * delivers it, dated when the stack entered that status (its CloudFormation event's time, as AWS
 * dates it), not when the stand-in's scan happened to see it; and its scans are reported, the
 * publishing ones and the quiet ones after them (what the sandbox logs and the scale benchmark
 * waits for).
 */
@ExtendWith(MotoExtension.class)
class AwsEventsStandInIT {

  private static final String QUEUE = "stand-in-events";

  private static final String TOPIC =
      """
      {"Resources":{"Topic":{"Type":"AWS::SNS::Topic"}}}
      """;

  private record Scan(int stacks, int published) {}

  @Test
  void aStatusChangeIsPublishedDatedWhenTheStackEnteredItAndTheScansAfterItAreQuiet(MotoAws aws)
      throws Exception {
    SqsClient sqs = aws.client(SqsClient.builder());
    String queueUrl = sqs.createQueue(r -> r.queueName(QUEUE)).queueUrl();
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    List<Scan> scans = new CopyOnWriteArrayList<>();
    // A slow scan (1.5 s): a change is seen well after it happened.
    try (AwsEventsStandIn events =
        new AwsEventsStandIn(aws.endpoint(), aws.region().id(), QUEUE, Duration.ofMillis(1_500))
            .onScan((stacks, published, millis) -> scans.add(new Scan(stacks, published)))
            .start()) {
      cfn.createStack(r -> r.stackName("dp-stand-in-topic").templateBody(TOPIC));
      Instant completed = stackEventTime(cfn, "dp-stand-in-topic", "CREATE_COMPLETE");

      Message message =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages(),
                  m -> !m.isEmpty())
              .get(0);

      JsonNode event = new ObjectMapper().readTree(message.body());
      assertThat(event.path("detail-type").asText())
          .isEqualTo("CloudFormation Stack Status Change");
      assertThat(event.path("detail").path("status-details").path("status").asText())
          .isEqualTo("CREATE_COMPLETE");
      assertThat(Instant.parse(event.path("time").asText()))
          .as("dated by the stack's own event, not by the scan that saw it")
          .isEqualTo(completed);
      assertThat(events.published()).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(scans)
                      .as("a publishing scan, then a quiet one")
                      .contains(new Scan(1, 1), new Scan(1, 0)));
      assertThat(scans.indexOf(new Scan(1, 1))).isLessThan(scans.lastIndexOf(new Scan(1, 0)));
    }
  }

  /** More changes in one scan than one SendMessageBatch carries: each is delivered, once. */
  @Test
  void manyChangesInOneScanAreEachDeliveredOnceInBatches(MotoAws aws) {
    SqsClient sqs = aws.client(SqsClient.builder());
    String queueUrl = sqs.createQueue(r -> r.queueName(QUEUE + "-many")).queueUrl();
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    List<Scan> scans = new CopyOnWriteArrayList<>();
    Set<String> expected = new HashSet<>();
    try (AwsEventsStandIn events =
        new AwsEventsStandIn(
                aws.endpoint(), aws.region().id(), QUEUE + "-many", Duration.ofSeconds(5))
            .onScan((stacks, published, millis) -> scans.add(new Scan(stacks, published)))
            .start()) {
      // Created faster than the 5 s round: most or all of them land in one scan.
      for (int i = 0; i < 23; i++) {
        String name = "dp-stand-in-many-" + i;
        expected.add(cfn.createStack(r -> r.stackName(name).templateBody(TOPIC)).stackId());
      }
      List<String> received = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10))
                    .messages()
                    .forEach(m -> received.add(stackId(m)));
                assertThat(Set.copyOf(received)).isEqualTo(expected);
              });
      assertThat(received).as("each stack's change once").hasSize(23);
      assertThat(events.published()).isEqualTo(23);
      assertThat(scans.stream().mapToInt(Scan::published).max().orElse(0))
          .as("one scan published more than a batch of 10")
          .isGreaterThan(10);
    }
  }

  /**
   * When moto publishes the stacks' events itself (its scale mode), the stand-in reads no stacks
   * and sends none of their events (each would arrive twice); what moto cannot tell still goes out.
   */
  @Test
  void withoutStacksItLooksAtNoStackAndSendsOnlyWhatMotoCannot(MotoAws aws) throws Exception {
    SqsClient sqs = aws.client(SqsClient.builder());
    String queueUrl = sqs.createQueue(r -> r.queueName(QUEUE + "-none")).queueUrl();
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    cfn.createStack(r -> r.stackName("dp-stand-in-before").templateBody(TOPIC));
    List<Scan> scans = new CopyOnWriteArrayList<>();
    try (AwsEventsStandIn events =
        new AwsEventsStandIn(
                aws.endpoint(), aws.region().id(), QUEUE + "-none", Duration.ofMillis(200))
            .withoutStacks()
            .onScan((stacks, published, millis) -> scans.add(new Scan(stacks, published)))
            .start()) {
      cfn.createStack(r -> r.stackName("dp-stand-in-unseen").templateBody(TOPIC));
      await().atMost(Duration.ofSeconds(20)).until(() -> scans.size() >= 3);

      assertThat(scans).as("no stack looked at, nothing published").containsOnly(new Scan(0, 0));
      assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
          .isEmpty();

      events.driftDetected("dp-stand-in-unseen", "detection-1", "DRIFTED");
      Message drift =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages(),
                  m -> !m.isEmpty())
              .get(0);
      assertThat(new ObjectMapper().readTree(drift.body()).path("detail-type").asText())
          .isEqualTo("CloudFormation Drift Detection Status Change");
      assertThat(events.published()).isEqualTo(1);
    }
  }

  private static String stackId(Message message) {
    try {
      return new ObjectMapper().readTree(message.body()).path("detail").path("stack-id").asText();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** When the stack entered {@code status}, by its stack-level CloudFormation event. */
  private static Instant stackEventTime(CloudFormationClient cfn, String stack, String status) {
    return cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents().stream()
        .filter(e -> stack.equals(e.logicalResourceId()))
        .filter(e -> status.equals(e.resourceStatusAsString()))
        .map(StackEvent::timestamp)
        .findFirst()
        .orElseThrow();
  }
}
