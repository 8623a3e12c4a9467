package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.aws.SdkAwsSessions;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The SDK clients of an account and region are shared by all of its sessions, and each request
 * still goes out signed as its own session: what left the process is read from the signed requests'
 * access keys (moto hands out a new temporary key for every AssumeRole).
 */
@ExtendWith(MotoExtension.class)
class SharedClientsIT {

  private static final String ROLE_A = "arn:aws:iam::111111111111:role/datapipeline-team-a";
  private static final String ROLE_B = "arn:aws:iam::222222222222:role/datapipeline-team-b";
  private static final String ROLE_IN_OWN_ACCOUNT = "arn:aws:iam::123456789012:role/datapipeline";

  /** The access key each request to a stack was signed with, by stack name. */
  private final Map<String, Set<String>> keysByStack = new ConcurrentHashMap<>();

  private final ExecutionInterceptor signedKeys =
      new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(
            Context.BeforeTransmission context, ExecutionAttributes attributes) {
          String stack = context.request().getValueForField("StackName", String.class).orElse(null);
          String authorization =
              context.httpRequest().firstMatchingHeader("Authorization").orElse("");
          Matcher key = ACCESS_KEY.matcher(authorization);
          if (stack != null && key.find()) {
            keysByStack
                .computeIfAbsent(stack, s -> ConcurrentHashMap.newKeySet())
                .add(key.group(1));
          }
        }
      };

  private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/]+)/");

  private ScheduledExecutorService scheduler;
  private SdkAwsSessions sessions;

  @BeforeAll
  static void credentials() {
    MotoSessions.useStaticKeys();
  }

  @BeforeEach
  void open(MotoAws aws) {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    sessions = MotoSessions.open(aws, List.of(signedKeys), scheduler);
  }

  @AfterEach
  void close() {
    sessions.close();
    scheduler.shutdownNow();
  }

  @Test
  void sessionsOfOneAccountShareClientsAndEachSignsAsItself() {
    List<AwsTarget> teamA = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      teamA.add(target("eu-west-1", ROLE_A, "team-a", "pipeline-" + i));
    }
    AwsTarget teamB = target("eu-west-1", ROLE_B, "team-b", "pipeline-b");
    AwsTarget own = target("eu-west-1", null, "platform", "pipeline-own");
    AwsTarget ownByRole = target("eu-west-1", ROLE_IN_OWN_ACCOUNT, "platform", "pipeline-role");
    List<AwsTarget> all = new ArrayList<>(teamA);
    all.add(teamB);
    all.add(own);
    all.add(ownByRole);

    for (AwsTarget t : all) {
      sessions.inUse(t, t.caller().name(), true);
      // Twice: the second read must sign with the same (cached) credentials of its session.
      for (int read = 0; read < 2; read++) {
        assertThat(sessions.forTarget(t).cloudFormation().describeStack(stackOf(t))).isEmpty();
      }
    }

    assertThat(sessions.openSessions()).isEqualTo(all.size());
    assertThat(sessions.openClientSets())
        .as(
            "one client set per account and region: team-a's, team-b's, the operator's own (also"
                + " used by the role into the operator's own account)")
        .isEqualTo(3);
    for (AwsTarget t : all) {
      assertThat(keysByStack.get(stackOf(t)))
          .as("the access keys " + stackOf(t) + "'s requests were signed with")
          .hasSize(1);
    }
    assertThat(keysByStack.get(stackOf(own))).containsExactly("testing");
    Set<String> distinct =
        all.stream()
            .map(t -> keysByStack.get(stackOf(t)).iterator().next())
            .collect(Collectors.toSet());
    assertThat(distinct)
        .as("every session signed with credentials of its own, on the shared clients")
        .hasSize(all.size());
  }

  @Test
  void anAccountsClientsCloseWithItsLastSession() {
    AwsTarget first = target("eu-west-1", ROLE_A, "team-a", "first");
    AwsTarget second = target("eu-west-1", ROLE_A, "team-a", "second");
    for (AwsTarget t : List.of(first, second)) {
      sessions.inUse(t, t.caller().name(), true);
      assertThat(sessions.forTarget(t).cloudFormation().describeStack(stackOf(t))).isEmpty();
    }
    assertThat(sessions.openClientSets()).isEqualTo(1);

    sessions.inUse(first, "first", false);
    assertThat(sessions.openClientSets()).as("still used by the second session").isEqualTo(1);
    assertThat(sessions.forTarget(second).cloudFormation().describeStack(stackOf(second)))
        .as("the second session reads on after the first closed")
        .isEmpty();

    sessions.inUse(second, "second", false);
    assertThat(sessions.openClientSets()).isZero();

    // Reopened later (a new pipeline of the account): new clients, working.
    AwsTarget third = target("eu-west-1", ROLE_A, "team-a", "third");
    sessions.inUse(third, "third", true);
    assertThat(sessions.forTarget(third).cloudFormation().describeStack(stackOf(third))).isEmpty();
    assertThat(sessions.openClientSets()).isEqualTo(1);
  }

  private static AwsTarget target(String region, String role, String namespace, String name) {
    return new AwsTarget(region, role, null, new AwsTarget.Caller(namespace, name));
  }

  private static String stackOf(AwsTarget t) {
    return "dp-" + t.caller().namespace() + "-" + t.caller().name() + "-database";
  }
}
