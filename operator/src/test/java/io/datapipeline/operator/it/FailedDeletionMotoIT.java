package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.operator.aws.SdkAwsSessions;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.DeleteRetries;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.deploy.PipelineRef;
import io.datapipeline.operator.deploy.StackRemover;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.testsupport.Ec2Query;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.datapipeline.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * A stack whose VPC something outside it holds, deleted by the operator's {@link StackRemover}
 * through the real SDK against moto (with the deletion fixes moto_server loads, so that it ends
 * DELETE_FAILED as in AWS): the failure is read from the stack's events, retried with backoff while
 * it looks transient, and once the budget is spent the VPC is retained, named, and the stack is
 * gone; the VPC is still in AWS, as the Warning says.
 */
@ExtendWith(MotoExtension.class)
class FailedDeletionMotoIT {

  private static final String STACK = "dp-held-network";

  private static final PipelineRef PIPELINE =
      new PipelineRef("team-h", "held", "uid-held", 1, false, null);

  private static final String TEMPLATE =
      """
      {"Resources":{
        "Vpc":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.44.0.0/16"}},
        "Marker":{"Type":"AWS::SSM::Parameter",
          "Properties":{"Name":"/held/marker","Type":"String","Value":"x"}}
      }}
      """;

  @BeforeAll
  static void credentials() {
    MotoSessions.useStaticKeys();
  }

  @Test
  void aHeldVpcIsRetriedThenRetainedAndNamedAndTheStackIsGone(MotoAws aws) {
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    cfn.createStack(
        r ->
            r.stackName(STACK)
                .templateBody(TEMPLATE)
                .tags(Tag.builder().key(PipelineRef.UID_TAG).value(PIPELINE.uid()).build()));
    String vpc =
        cfn.describeStackResource(r -> r.stackName(STACK).logicalResourceId("Vpc"))
            .stackResourceDetail()
            .physicalResourceId();
    Ec2Query ec2 = new Ec2Query(aws.endpoint());
    ec2.call("CreateSubnet", "VpcId", vpc, "CidrBlock", "10.44.9.0/24");

    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
    StackRemover remover = new StackRemover(DeleteRetries.standard(new TestClock(now::get)));
    List<Notice> notices = new ArrayList<>();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (SdkAwsSessions sessions = MotoSessions.open(aws, List.of(), scheduler)) {
      AwsTarget target = new AwsTarget("eu-west-1", null);
      AwsSession session = sessions.forTarget(target);
      sessions.inUse(target, PIPELINE.uid(), true);
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                // The retry budget's backoff passes at once; moto answers each attempt at once.
                now.updateAndGet(t -> t.plus(Duration.ofMinutes(11)));
                return remover.step(PIPELINE, STACK, session, notices).state()
                    == StackRemover.State.GONE;
              });
    } finally {
      scheduler.shutdownNow();
    }

    List<Notice> retries =
        notices.stream().filter(n -> n.reason() == Reason.RETRYING_DELETE).toList();
    assertThat(retries)
        .as("DependencyViolation reads as transient: retried, each a Warning naming the VPC")
        .hasSize(remover.retries().limit(true))
        .allSatisfy(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.message())
                  .contains(STACK, "Vpc (AWS::EC2::VPC)", "has dependencies", "looks transient");
            });
    assertThat(notices)
        .filteredOn(n -> n.reason() == Reason.RESOURCE_RETAINED)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.message())
                  .contains(STACK + ": Vpc (AWS::EC2::VPC) kept in AWS", "delete it by hand");
            });
    assertThat(remover.leftBehind(PIPELINE.uid()))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(STACK + ": Vpc (AWS::EC2::VPC): ");
    assertThat(ec2.ids("DescribeVpcs", "vpc-id", vpc, "vpcId"))
        .as("retained, as the Warning says: still in AWS")
        .containsExactly(vpc);
  }
}
