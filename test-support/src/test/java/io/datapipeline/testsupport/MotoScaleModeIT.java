package io.datapipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.standins.MotoServer;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * moto's scale mode ({@link MotoServer.Mode#SCALE}, the stand-in {@code bench/operator-scale.sh
 * AWS=fast} runs on), driven by the real SDK through every operation the operator makes at scale:
 * its answers must be moto's own (stacks, outputs, errors), with DescribeStacks paged by 100 as on
 * AWS.
 */
class MotoScaleModeIT {

  /**
   * Where this moto publishes stack events (not the operator's queue name: nothing else uses it).
   */
  private static final String STACK_EVENTS_QUEUE = "scale-mode-stack-events";

  private static MotoServer moto;
  private static MotoAws aws;
  private CloudFormationClient cfn;

  private static final String TEMPLATE =
      """
      {"Parameters":{"Value":{"Type":"String"}},
       "Resources":{"P":{"Type":"AWS::SSM::Parameter","Properties":{
         "Name":{"Fn::Sub":"/scale/${AWS::StackName}"},"Type":"String","Value":{"Ref":"Value"}}}},
       "Outputs":{"Value":{"Value":{"Ref":"Value"}},
                  "Name":{"Value":{"Fn::Sub":"${AWS::StackName}-out"}}}}
      """;

  @BeforeAll
  static void start() {
    moto = MotoServer.start(MotoServer.Mode.SCALE, STACK_EVENTS_QUEUE);
    aws = new MotoAws(moto);
  }

  @AfterAll
  static void stop() {
    moto.close();
  }

  @BeforeEach
  void reset() {
    moto.reset();
    cfn = aws.client(CloudFormationClient.builder());
  }

  private void deploy(String stack, String changeSet, ChangeSetType type, String value) {
    cfn.createChangeSet(
        r ->
            r.stackName(stack)
                .changeSetName(changeSet)
                .changeSetType(type)
                .templateBody(TEMPLATE)
                .parameters(
                    Parameter.builder().parameterKey("Value").parameterValue(value).build()));
    cfn.executeChangeSet(r -> r.stackName(stack).changeSetName(changeSet));
  }

  private Stack stack(String nameOrId) {
    return cfn.describeStacks(r -> r.stackName(nameOrId)).stacks().get(0);
  }

  private static Map<String, String> outputs(Stack stack) {
    return stack.outputs().stream()
        .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
  }

  @Test
  void runsInScaleMode() {
    assertThat(moto.mode()).isEqualTo(MotoServer.Mode.SCALE);
    assertThat(moto.publishesStackEvents()).isTrue();
  }

  @Test
  void everyStatusChangeOfADpStackArrivesInTheQueueAsTheEventBridgeRuleDeliversIt()
      throws Exception {
    SqsClient sqs = aws.client(SqsClient.builder());
    deploy("dp-early-a-storage", "dp-1-aaaa", ChangeSetType.CREATE, "v1"); // no queue yet: no event
    String url = sqs.createQueue(r -> r.queueName(STACK_EVENTS_QUEUE)).queueUrl();
    Instant before = Instant.now();

    deploy("dp-events-a-storage", "dp-1-aaaa", ChangeSetType.CREATE, "v1");
    deploy("not-ours", "cs-1", ChangeSetType.CREATE, "v1"); // the rule matches dp- stacks only
    deploy("dp-events-a-storage", "dp-2-bbbb", ChangeSetType.UPDATE, "v2");
    String stackId = stack("dp-events-a-storage").stackId();
    cfn.deleteStack(r -> r.stackName("dp-events-a-storage"));

    List<JsonNode> events = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    List<Message> page;
    do {
      page =
          sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1).maxNumberOfMessages(10))
              .messages();
      for (Message message : page) {
        events.add(json.readTree(message.body()));
      }
    } while (!page.isEmpty());

    assertThat(events)
        .extracting(e -> e.path("detail").path("status-details").path("status").asText())
        .containsExactly(
            "REVIEW_IN_PROGRESS",
            "CREATE_IN_PROGRESS",
            "CREATE_COMPLETE",
            "UPDATE_COMPLETE",
            "DELETE_COMPLETE");
    Instant previous = before;
    for (JsonNode event : events) {
      assertThat(event.path("detail-type").asText())
          .isEqualTo("CloudFormation Stack Status Change");
      assertThat(event.path("source").asText()).isEqualTo("aws.cloudformation");
      assertThat(event.path("account").asText()).isEqualTo(MotoServer.ACCOUNT_ID);
      assertThat(event.path("region").asText()).isEqualTo(aws.region().id());
      assertThat(event.path("resources").get(0).asText()).isEqualTo(stackId);
      assertThat(event.path("detail").path("stack-id").asText()).isEqualTo(stackId);
      Instant time = Instant.parse(event.path("time").asText());
      assertThat(time).isAfterOrEqualTo(previous).isBeforeOrEqualTo(Instant.now());
      previous = time;
    }
    // Told of the deletion, a reader finds the stack deleted (by id), not missing.
    assertThat(stack(stackId).stackStatusAsString()).isEqualTo("DELETE_COMPLETE");
  }

  @Test
  void aChangeSetCreatesTheStackWithItsOutputsResolved() {
    cfn.createChangeSet(
        r ->
            r.stackName("dp-scale-a-storage")
                .changeSetName("dp-1-aaaa")
                .changeSetType(ChangeSetType.CREATE)
                .templateBody(TEMPLATE)
                .parameters(
                    Parameter.builder().parameterKey("Value").parameterValue("v1").build()));

    DescribeChangeSetResponse described =
        cfn.describeChangeSet(r -> r.stackName("dp-scale-a-storage").changeSetName("dp-1-aaaa"));
    assertThat(described.statusAsString()).isEqualTo("CREATE_COMPLETE");
    assertThat(described.executionStatusAsString()).isEqualTo("AVAILABLE");
    assertThat(described.changes()).hasSize(1);
    assertThat(stack("dp-scale-a-storage").stackStatusAsString()).isEqualTo("REVIEW_IN_PROGRESS");

    cfn.executeChangeSet(r -> r.stackName("dp-scale-a-storage").changeSetName("dp-1-aaaa"));

    Stack created = stack("dp-scale-a-storage");
    assertThat(created.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
    assertThat(outputs(created))
        .containsEntry("Value", "v1")
        .containsEntry("Name", "dp-scale-a-storage-out");
    assertThat(stack(created.stackId()).stackName())
        .as("found by id too")
        .isEqualTo("dp-scale-a-storage");
    assertThat(
            cfn.describeChangeSet(r -> r.stackName("dp-scale-a-storage").changeSetName("dp-1-aaaa"))
                .executionStatusAsString())
        .isEqualTo("EXECUTE_COMPLETE");
  }

  @Test
  void anUpdateChangeSetAppliesItsParametersAndOutputs() {
    deploy("dp-scale-b-storage", "dp-1-bbbb", ChangeSetType.CREATE, "v1");

    deploy("dp-scale-b-storage", "dp-2-bbbb", ChangeSetType.UPDATE, "v2");

    Stack updated = stack("dp-scale-b-storage");
    assertThat(updated.stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
    assertThat(outputs(updated)).containsEntry("Value", "v2");
  }

  @Test
  void anUpdateWithNothingChangedIsRefusedAsOnAws() {
    deploy("dp-scale-c-storage", "dp-1-cccc", ChangeSetType.CREATE, "same");

    assertThatThrownBy(
            () ->
                cfn.createChangeSet(
                    r ->
                        r.stackName("dp-scale-c-storage")
                            .changeSetName("dp-2-cccc")
                            .changeSetType(ChangeSetType.UPDATE)
                            .templateBody(TEMPLATE)
                            .parameters(
                                Parameter.builder()
                                    .parameterKey("Value")
                                    .parameterValue("same")
                                    .build())))
        .isInstanceOf(CloudFormationException.class)
        .hasMessageContaining("No updates are to be performed");
  }

  @Test
  void anUnknownStackIsTheErrorAwsGives() {
    assertThatThrownBy(() -> stack("dp-scale-missing-storage"))
        .isInstanceOf(CloudFormationException.class)
        .hasMessageContaining("Stack with id dp-scale-missing-storage does not exist");
    assertThatThrownBy(() -> cfn.getStackPolicy(r -> r.stackName("dp-scale-missing-storage")))
        .isInstanceOf(CloudFormationException.class)
        .hasMessageContaining("dp-scale-missing-storage does not exist");
    assertThatThrownBy(
            () ->
                cfn.describeChangeSet(
                    r -> r.stackName("dp-scale-missing-storage").changeSetName("dp-9-none")))
        .isInstanceOf(CloudFormationException.class)
        .hasMessageContaining("dp-9-none");
  }

  @Test
  void aDeletedStackIsGoneByNameAndItsNameCanBeUsedAgain() {
    deploy("dp-scale-d-storage", "dp-1-dddd", ChangeSetType.CREATE, "first");
    String firstId = stack("dp-scale-d-storage").stackId();

    cfn.deleteStack(r -> r.stackName("dp-scale-d-storage"));

    assertThatThrownBy(() -> stack("dp-scale-d-storage"))
        .isInstanceOf(CloudFormationException.class)
        .hasMessageContaining("does not exist");
    assertThat(stack(firstId).stackStatusAsString())
        .as("a deleted stack still answers by id")
        .isEqualTo("DELETE_COMPLETE");

    deploy("dp-scale-d-storage", "dp-1-dddd", ChangeSetType.CREATE, "second");
    Stack second = stack("dp-scale-d-storage");
    assertThat(second.stackId()).isNotEqualTo(firstId);
    assertThat(second.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
    assertThat(outputs(second)).containsEntry("Value", "second");
  }

  @Test
  void stackPoliciesAndChangeSetDeletionWorkByName() {
    deploy("dp-scale-e-storage", "dp-1-eeee", ChangeSetType.CREATE, "v");
    String policy =
        "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"Update:Delete\",\"Principal\":\"*\","
            + "\"Resource\":\"*\"}]}";

    cfn.setStackPolicy(r -> r.stackName("dp-scale-e-storage").stackPolicyBody(policy));
    assertThat(cfn.getStackPolicy(r -> r.stackName("dp-scale-e-storage")).stackPolicyBody())
        .isEqualTo(policy);

    cfn.createChangeSet(
        r ->
            r.stackName("dp-scale-e-storage")
                .changeSetName("dp-2-eeee")
                .changeSetType(ChangeSetType.UPDATE)
                .templateBody(TEMPLATE)
                .parameters(Parameter.builder().parameterKey("Value").parameterValue("w").build()));
    cfn.deleteChangeSet(r -> r.stackName("dp-scale-e-storage").changeSetName("dp-2-eeee"));
    assertThatThrownBy(
            () ->
                cfn.describeChangeSet(
                    r -> r.stackName("dp-scale-e-storage").changeSetName("dp-2-eeee")))
        .isInstanceOf(CloudFormationException.class);
  }

  @Test
  void describeStacksPagesByAHundredAsAws() {
    int count = 205;
    for (int i = 0; i < count; i++) {
      String name = "dp-scale-page-%03d".formatted(i);
      cfn.createStack(
          r ->
              r.stackName(name)
                  .templateBody(TEMPLATE)
                  .parameters(
                      Parameter.builder().parameterKey("Value").parameterValue(name).build()));
    }

    List<Integer> pageSizes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeStacksResponse page = cfn.describeStacks(r -> r.nextToken(next));
      pageSizes.add(page.stacks().size());
      page.stacks().forEach(s -> names.add(s.stackName()));
      token = page.nextToken();
    } while (token != null);

    assertThat(pageSizes).containsExactly(100, 100, 5);
    assertThat(names).doesNotHaveDuplicates().hasSize(count);
    assertThat(cfn.describeStacksPaginator().stacks().stream().count())
        .as("the SDK's paginator, as the operator's sweep reads")
        .isEqualTo(count);
  }

  @Test
  void theOtherServicesTheOperatorCallsAnswer() {
    StsClient sts = aws.client(StsClient.builder());
    Credentials assumed =
        sts.assumeRole(
                r ->
                    r.roleArn("arn:aws:iam::111111111111:role/datapipeline-team-a")
                        .roleSessionName("dp-team-a-p"))
            .credentials();
    assertThat(assumed.accessKeyId()).isNotBlank();
    assertThat(sts.getCallerIdentity().account()).isEqualTo(MotoServer.ACCOUNT_ID);

    S3Client s3 = aws.client(S3Client.builder().forcePathStyle(true));
    s3.createBucket(r -> r.bucket("datapipeline-artifacts-scale"));
    s3.putObject(
        r -> r.bucket("datapipeline-artifacts-scale").key("schemas/p.json"),
        RequestBody.fromString("{}"));
    assertThat(
            s3.headObject(r -> r.bucket("datapipeline-artifacts-scale").key("schemas/p.json"))
                .contentLength())
        .isEqualTo(2L);

    SqsClient sqs = aws.client(SqsClient.builder());
    sqs.createQueue(r -> r.queueName("datapipeline-stack-events"));
    String url = sqs.getQueueUrl(r -> r.queueName("datapipeline-stack-events")).queueUrl();
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("event"));
    List<Message> received =
        sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1).maxNumberOfMessages(10))
            .messages();
    assertThat(received).extracting(Message::body).containsExactly("event");

    // GetMetricData: SDK 2.57.8 speaks CloudWatch's Smithy RPC v2 CBOR protocol, which moto 5.2.1
    // does not route in either mode (HTTP 404; DataPathReaderIT stands in for CloudWatch for it).
    // The operator meets the same answer in a scale run as in the sandbox: a failed read.
    CloudWatchClient cloudWatch = aws.client(CloudWatchClient.builder());
    assertThatThrownBy(
            () ->
                cloudWatch.getMetricData(
                    r ->
                        r.startTime(Instant.now().minusSeconds(600))
                            .endTime(Instant.now())
                            .metricDataQueries(
                                q ->
                                    q.id("age")
                                        .metricStat(
                                            s ->
                                                s.period(60)
                                                    .stat("Maximum")
                                                    .metric(
                                                        m ->
                                                            m.namespace("AWS/SQS")
                                                                .metricName(
                                                                    "ApproximateAgeOfOldestMessage"))))))
        .isInstanceOf(CloudWatchException.class)
        .satisfies(e -> assertThat(((CloudWatchException) e).statusCode()).isEqualTo(404));
  }
}
