package io.datapipeline.standins.events;

import io.datapipeline.standins.Pacing;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * STAND-IN for what moto cannot do, used by the tests and run by the sandbox (never part of the
 * operator): AWS services publish events to EventBridge, whose rules (the bootstrap stack's)
 * deliver them to the stack-events queue; moto's services publish none, so without this an operator
 * on moto would find its queue healthy but silent, and notice a change made behind its back only at
 * its next safety-net sweep (SWEEP_INTERVAL, 15 minutes and more). This stand-in watches moto (its
 * own DescribeStacks, DescribeStackEvents of a stack whose status changed, and after {@link
 * #watchEcsFromNow()} its own ECS ListClusters/ListServices/DescribeServices, every {@code
 * interval} or twice its last scan's time ({@link Pacing}), outside the operator's clients and
 * metrics) and sends to moto's SQS queue of that name (SendMessageBatch) the events the rules would
 * deliver, in AWS's documented JSON shapes, dated when the change happened:
 *
 * <ul>
 *   <li>"CloudFormation Stack Status Change" for every status change of a {@code dp-} stack;
 *   <li>"ECS Service Action" ({@code SERVICE_DESIRED_COUNT_UPDATED}) when a service of a {@code
 *       dp-} cluster appears or its desired or running count changes (as ECS does when Application
 *       Auto Scaling moves the desired count);
 *   <li>"CloudFormation Drift Detection Status Change" when told by {@link #driftDetected} (moto
 *       implements no drift detection: the test's stand-in for that API says when one finished).
 * </ul>
 *
 * The operator's side, reading the queue, is the production code unchanged. One stand-in serves one
 * region of moto's default account (the stacks and services its own credentials see).
 */
public final class AwsEventsStandIn implements AutoCloseable {

  /** SendMessageBatch's most entries per request. */
  private static final int SQS_BATCH = 10;

  /** The stand-in's own clients of moto (outside the operator's clients and metrics). */
  private final CloudFormationClient cloudFormation;

  private final SqsClient sqs;
  private final EcsClient ecs;

  /** What the last scan saw: stacks by name, services by ARN. */
  private final Map<String, Stack> seen = new HashMap<>();

  private final Map<String, Service> seenServices = new HashMap<>();

  /** Where the events go, and how often moto is looked at. */
  private final String queueName;

  private final String region;
  private final Duration interval;
  private final AtomicInteger published = new AtomicInteger();
  private final Thread thread;
  private volatile ScanListener listener = (stacks, published, millis) -> {};
  private volatile boolean watchEcs;
  private volatile boolean watchStacks = true;
  private volatile boolean closed;

  public AwsEventsStandIn(URI motoEndpoint, String region, String queueName, Duration interval) {
    this.cloudFormation = motoClient(CloudFormationClient.builder(), motoEndpoint, region);
    this.sqs = motoClient(SqsClient.builder(), motoEndpoint, region);
    this.ecs = motoClient(EcsClient.builder(), motoEndpoint, region);
    this.queueName = queueName;
    this.region = region;
    this.interval = interval;
    this.thread = new Thread(this::run, "aws-events-stand-in-" + region);
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

  /**
   * From now on also publishes the ECS service events of {@code dp-} clusters; services that exist
   * now count as seen (no events for them).
   */
  public synchronized AwsEventsStandIn watchEcsFromNow() {
    scanServices(false);
    this.watchEcs = true;
    return this;
  }

  /**
   * Watches no stacks: moto publishes their events itself ({@link
   * io.datapipeline.standins.MotoServer#publishesStackEvents()}, scale mode). ECS and drift events
   * are still this stand-in's.
   */
  public synchronized AwsEventsStandIn withoutStacks() {
    this.watchStacks = false;
    seen.clear();
    return this;
  }

  /** Told after each scan of moto (the sandbox logs them: the scale benchmark waits for quiet). */
  @FunctionalInterface
  public interface ScanListener {
    void scanned(int stacks, int published, long millis);
  }

  /** Tells {@code listener} of every scan from now on. */
  public AwsEventsStandIn onScan(ScanListener listener) {
    this.listener = listener;
    return this;
  }

  /** Starts watching; stacks and services that exist now count as seen (no events for them). */
  public AwsEventsStandIn start() {
    scan(false);
    thread.start();
    return this;
  }

  /** Events sent so far. */
  public int published() {
    return published.get();
  }

  /**
   * Sends the "Drift Detection Status Change" event CloudFormation sends when detection {@code
   * detectionId} of the stack finished with {@code stackDriftStatus} (DETECTION_COMPLETE).
   */
  public void driftDetected(String stackName, String detectionId, String stackDriftStatus) {
    String stackId =
        cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0).stackId();
    String detail =
        """
        {"stack-id":"%s","stack-drift-detection-id":"%s","status-details":\
        {"stack-drift-status":"%s","detection-status":"DETECTION_COMPLETE"},\
        "drift-detection-details":{"drifted-stack-resource-count":%d}}"""
            .formatted(
                stackId, detectionId, stackDriftStatus, "DRIFTED".equals(stackDriftStatus) ? 1 : 0);
    send(
        "aws.cloudformation",
        "CloudFormation Drift Detection Status Change",
        account(stackId),
        stackId,
        detail,
        Instant.now());
  }

  private void run() {
    long lastScanMillis = 0;
    while (!closed) {
      try {
        Thread.sleep(Pacing.nextRoundInMillis(interval, lastScanMillis));
        long started = System.nanoTime();
        int before = published.get();
        int stacks = scan(true);
        lastScanMillis = (System.nanoTime() - started) / 1_000_000;
        listener.scanned(stacks, published.get() - before, lastScanMillis);
      } catch (InterruptedException e) {
        return;
      } catch (SdkException e) {
        // moto busy or reset between tests: look again next round
      }
    }
  }

  /** Compares moto's stacks (and services) with the last scan's; returns how many stacks. */
  private synchronized int scan(boolean publish) {
    Outbox outbox = new Outbox();
    Map<String, Stack> now = new HashMap<>();
    if (watchStacks) {
      cloudFormation.describeStacksPaginator().stacks().forEach(s -> now.put(s.stackName(), s));
    }
    for (Stack stack : now.values()) {
      Stack before = seen.get(stack.stackName());
      // A stack deleted and created again under its name between two scans is another stack (new
      // id): CloudFormation sends the new one's events even when its status reads the same.
      if (publish
          && (before == null
              || !before.stackId().equals(stack.stackId())
              || !before.stackStatusAsString().equals(stack.stackStatusAsString()))) {
        stackStatusChanged(stack, stack.stackStatusAsString()).ifPresent(outbox::add);
      }
    }
    for (Stack gone : seen.values()) {
      if (publish && !now.containsKey(gone.stackName())) {
        stackStatusChanged(gone, "DELETE_COMPLETE").ifPresent(outbox::add);
      }
    }
    seen.clear();
    seen.putAll(now);
    if (watchEcs) {
      scanServices(publish).forEach(outbox::add);
    }
    outbox.flush();
    return now.size();
  }

  private List<Event> scanServices(boolean publish) {
    List<Event> changes = new ArrayList<>();
    Map<String, Service> now = new HashMap<>();
    for (String cluster : ecs.listClusters().clusterArns()) {
      if (!cluster.contains(":cluster/dp-")) {
        continue; // the rule matches the dashboards' clusters only
      }
      List<String> services = ecs.listServices(r -> r.cluster(cluster)).serviceArns();
      if (!services.isEmpty()) {
        ecs.describeServices(r -> r.cluster(cluster).services(services))
            .services()
            .forEach(s -> now.put(s.serviceArn(), s));
      }
    }
    for (Service service : now.values()) {
      Service before = seenServices.get(service.serviceArn());
      if (publish
          && (before == null
              || before.desiredCount().intValue() != service.desiredCount().intValue()
              || before.runningCount().intValue() != service.runningCount().intValue())) {
        String detail =
            """
            {"eventType":"INFO","eventName":"SERVICE_DESIRED_COUNT_UPDATED",\
            "clusterArn":"%s","createdAt":"%s"}"""
                .formatted(service.clusterArn(), Instant.now());
        changes.add(
            new Event(
                "aws.ecs",
                "ECS Service Action",
                account(service.serviceArn()),
                service.serviceArn(),
                detail,
                Instant.now()));
      }
    }
    seenServices.clear();
    seenServices.putAll(now);
    return changes;
  }

  private Optional<Event> stackStatusChanged(Stack stack, String status) {
    if (!stack.stackName().startsWith("dp-")) {
      return Optional.empty(); // the rule matches the operator's stacks only
    }
    return Optional.of(
        new Event(
            "aws.cloudformation",
            "CloudFormation Stack Status Change",
            account(stack.stackId()),
            stack.stackId(),
            """
            {"stack-id":"%s","status-details":{"status":"%s","status-reason":""}}"""
                .formatted(stack.stackId(), status),
            changedAt(stack, status)));
  }

  /**
   * When the stack entered {@code status}: its newest stack-level event of that status, the time
   * CloudFormation's own event carries (a scan sees a change up to a round late, and an event dated
   * at the scan would tell the operator the change is newer than its reads of the stack). Now when
   * no such event is found (a deleted stack's events, moto busy): a later time only costs the
   * operator a read.
   */
  private Instant changedAt(Stack stack, String status) {
    try {
      return cloudFormation
          .describeStackEvents(r -> r.stackName(stack.stackId()))
          .stackEvents()
          .stream()
          .filter(e -> stack.stackName().equals(e.logicalResourceId()))
          .filter(e -> status.equals(e.resourceStatusAsString()))
          .map(StackEvent::timestamp)
          .filter(Objects::nonNull)
          .max(Comparator.naturalOrder())
          .orElseGet(Instant::now);
    } catch (SdkException e) {
      return Instant.now();
    }
  }

  private static String account(String arn) {
    String[] parts = arn.split(":");
    return parts.length > 4 ? parts[4] : "123456789012";
  }

  /** One event as EventBridge delivers it to an SQS target; {@code time} is the change's. */
  private record Event(
      String source,
      String detailType,
      String account,
      String resource,
      String detail,
      Instant time) {

    String body(String region) {
      return """
          {"version":"0","id":"%s","detail-type":"%s","source":"%s","account":"%s","time":"%s",\
          "region":"%s","resources":["%s"],"detail":%s}"""
          .formatted(
              UUID.randomUUID(), detailType, source, account, time, region, resource, detail);
    }
  }

  private void send(
      String source, String detailType, String account, String resource, String d, Instant time) {
    Outbox outbox = new Outbox();
    outbox.add(new Event(source, detailType, account, resource, d, time));
    outbox.flush();
  }

  /**
   * Events on their way to the queue, sent ten to a request as they are found, with one queue
   * lookup: at 10,000 pipelines a deploy changes 50,000 stacks' statuses several times, and a
   * lookup and a send per event made the stand-in's requests to moto outnumber the operator's. Sent
   * as they come, not at the end of the scan: a scan of thousands of changed stacks takes minutes
   * (one DescribeStackEvents each), and the operator waits on these events. An entry SQS refuses is
   * sent again on its own (as EventBridge retries a delivery); a second refusal throws.
   */
  private final class Outbox {
    private final List<Event> pending = new ArrayList<>();
    private String url;

    void add(Event event) {
      pending.add(event);
      if (pending.size() == SQS_BATCH) {
        flush();
      }
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      List<Event> batch = List.copyOf(pending);
      pending.clear();
      if (url == null) {
        try {
          url = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        } catch (SdkException e) {
          return; // no bootstrap stack (no queue) yet: AWS would deliver nowhere either
        }
      }
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .messageBody(batch.get(i).body(region))
                .build());
      }
      String queue = url;
      SendMessageBatchResponse response =
          sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(entries));
      for (BatchResultErrorEntry failed : response.failed()) {
        String body = entries.get(Integer.parseInt(failed.id())).messageBody();
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
      }
      published.addAndGet(batch.size());
    }
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
    ecs.close();
  }
}
