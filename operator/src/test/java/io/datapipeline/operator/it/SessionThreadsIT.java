package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.aws.SdkAwsSessions;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session per pipeline costs no thread of its own: the SDK clients of every session share the
 * operator's timeout timers (each client used to start a scheduler: 914 threads at 100 pipelines).
 */
@ExtendWith(MotoExtension.class)
class SessionThreadsIT {

  private static final String ROLE = "arn:aws:iam::111111111111:role/datapipeline-team-a";

  @BeforeAll
  static void credentials() {
    MotoSessions.useStaticKeys();
  }

  @Test
  void fortyPipelineSessionsThatEachCalledAwsStartNoThreadEach(MotoAws aws) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (SdkAwsSessions sessions = MotoSessions.open(aws, List.of(), scheduler)) {
      call(sessions, 0); // the shared parts start with the first session
      int before = Thread.activeCount();

      for (int i = 1; i < 40; i++) {
        call(sessions, i);
      }

      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .noneMatch(name -> name.startsWith("sdk-ScheduledExecutor"));
      assertThat(Thread.activeCount() - before)
          .as("threads started by 39 more sessions, each with its own AssumeRole and calls")
          .isLessThan(5);
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** A session of its own for pipeline {@code i}: AssumeRole, then a CloudFormation read. */
  private static void call(SdkAwsSessions sessions, int i) {
    AwsSession session =
        sessions.forTarget(
            new AwsTarget(
                "eu-west-1", ROLE, null, new AwsTarget.Caller("team-a", "pipeline-" + i)));
    assertThat(session.cloudFormation().describeStack("dp-team-a-pipeline-" + i)).isEmpty();
  }
}
