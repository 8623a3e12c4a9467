package io.datapipeline.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;

class SessionCredentialsTest {

  @Test
  void aSessionsCredentialsGoOnTheRequest() {
    AwsCredentialsProvider session =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("ASIASESSION", "secret"));

    DescribeStacksRequest request =
        SessionCredentials.of(session).on(DescribeStacksRequest.builder()).stackName("s").build();

    assertThat(request.overrideConfiguration())
        .hasValueSatisfying(o -> assertThat(o.credentialsProvider()).containsSame(session));
    assertThat(request.stackName()).isEqualTo("s");
  }

  @Test
  void theClientDefaultLeavesTheRequestAlone() {
    DescribeStacksRequest request =
        SessionCredentials.clientDefault().on(DescribeStacksRequest.builder()).build();

    assertThat(request.overrideConfiguration()).isEmpty();
  }

  @Test
  void aSharedRoleClientRefusesARequestThatNamesNoSession() {
    AwsCredentialsProvider none = SessionCredentials.noneNamed("eu-west-1/111111111111");

    assertThatThrownBy(none::resolveCredentials)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("eu-west-1/111111111111")
        .hasMessageContaining("named no session's credentials");
  }
}
