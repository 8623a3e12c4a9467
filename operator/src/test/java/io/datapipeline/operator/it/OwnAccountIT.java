package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.aws.SdkAwsSessions;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The account default images are filled with, asked of moto's STS as of AWS's. */
@ExtendWith(MotoExtension.class)
class OwnAccountIT {

  @BeforeAll
  static void credentials() {
    MotoSessions.useStaticKeys();
  }

  @Test
  void ownAccountIsTheCallerIdentitysAskedOnceAndARolesIsItsArns(MotoAws aws) {
    AwsCallRecorder calls = new AwsCallRecorder();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (SdkAwsSessions sessions = MotoSessions.open(aws, List.of(calls), scheduler)) {

      assertThat(sessions.accountOf(new AwsTarget("eu-west-1", null)))
          .as("moto's account")
          .isEqualTo("123456789012");
      assertThat(sessions.accountOf(new AwsTarget("us-west-2", null))).isEqualTo("123456789012");
      assertThat(
              sessions.accountOf(
                  new AwsTarget("eu-west-1", "arn:aws:iam::444455556666:role/tenant-b")))
          .isEqualTo("444455556666");

      assertThat(calls.calls("GetCallerIdentity"))
          .as("the operator's own account does not change while it runs")
          .hasSize(1);
      assertThat(calls.calls())
          .extracting(AwsCallRecorder.Call::operation)
          .containsOnly("GetCallerIdentity");
    } finally {
      scheduler.shutdownNow();
    }
  }
}
