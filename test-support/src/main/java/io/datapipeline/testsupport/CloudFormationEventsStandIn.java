package io.datapipeline.testsupport;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * TEST STAND-IN for what moto cannot do: AWS CloudFormation publishes "CloudFormation Stack Status
 * Change" events to EventBridge, whose rule (the bootstrap stack's) delivers them to the
 * stack-events queue; moto's CloudFormation publishes no events at all. This stand-in watches
 * moto's stacks (its own DescribeStacks every {@code interval}, outside the operator's clients and
 * metrics) and, for every status change of a {@code dp-} stack, sends the event EventBridge would
 * deliver (same JSON shape) to moto's SQS queue of that name. The operator's side, reading the
 * queue, is the production code unchanged.
 */
public final class CloudFormationEventsStandIn implements AutoCloseable {

  private final CloudFormationClient cloudFormation;
  private final SqsClient sqs;
  private final String queueName;
  private final String region;
  private final Duration interval;
  private final Map<String, Stack> seen = new HashMap<>();
  private final AtomicInteger published = new AtomicInteger();
  private final Thread thread;
  private volatile boolean closed;

  public CloudFormationEventsStandIn(
      URI motoEndpoint, String region, String queueName, Duration interval) {
    this.cloudFormation = motoClient(CloudFormationClient.builder(), motoEndpoint, region);
    this.sqs = motoClient(SqsClient.builder(), motoEndpoint, region);
    this.queueName = queueName;
    this.region = region;
    this.interval = interval;
    this.thread = new Thread(this::run, "cloudformation-events-stand-in");
    thread.setDaemon(true);
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C motoClient(
      B builder, URI motoEndpoint, String region) {
    return builder
        .endpointOverride(motoEndpoint)
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Starts watching; stacks that exist now count as seen (no events for them). */
  public CloudFormationEventsStandIn start() {
    scan(false);
    thread.start();
    return this;
  }

  /** Events sent so far. */
  public int published() {
    return published.get();
  }

  private void run() {
    while (!closed) {
      try {
        Thread.sleep(interval.toMillis());
        scan(true);
      } catch (InterruptedException e) {
        return;
      } catch (SdkException e) {
        // moto busy or reset between tests: look again next round
      }
    }
  }

  private synchronized void scan(boolean publish) {
    Map<String, Stack> now = new HashMap<>();
    cloudFormation.describeStacksPaginator().stacks().forEach(s -> now.put(s.stackName(), s));
    for (Stack stack : now.values()) {
      Stack before = seen.get(stack.stackName());
      // A stack deleted and created again under its name between two scans is another stack (new
      // id): CloudFormation sends the new one's events even when its status reads the same.
      if (publish
          && (before == null
              || !before.stackId().equals(stack.stackId())
              || !before.stackStatusAsString().equals(stack.stackStatusAsString()))) {
        publish(stack.stackName(), stack.stackId(), stack.stackStatusAsString());
      }
    }
    for (Stack gone : seen.values()) {
      if (publish && !now.containsKey(gone.stackName())) {
        publish(gone.stackName(), gone.stackId(), "DELETE_COMPLETE");
      }
    }
    seen.clear();
    seen.putAll(now);
  }

  private void publish(String name, String stackId, String status) {
    if (!name.startsWith("dp-")) {
      return; // the rule matches the operator's stacks only
    }
    String url;
    try {
      url = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
    } catch (SdkException e) {
      return; // no bootstrap stack (no queue) yet: AWS would deliver nowhere either
    }
    String account = stackId.split(":").length > 4 ? stackId.split(":")[4] : "123456789012";
    String body =
        """
        {"version":"0","id":"%s","detail-type":"CloudFormation Stack Status Change",\
        "source":"aws.cloudformation","account":"%s","time":"%s","region":"%s",\
        "resources":["%s"],"detail":{"stack-id":"%s","status-details":\
        {"status":"%s","status-reason":""}}}"""
            .formatted(
                java.util.UUID.randomUUID(),
                account,
                Instant.now(),
                region,
                stackId,
                stackId,
                status);
    sqs.sendMessage(r -> r.queueUrl(url).messageBody(body));
    published.incrementAndGet();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cloudFormation.close();
    sqs.close();
  }
}
