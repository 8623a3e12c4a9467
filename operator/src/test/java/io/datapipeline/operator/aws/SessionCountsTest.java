package io.datapipeline.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionCountsTest {

  private final SessionCounts counts = new SessionCounts();

  @Test
  void onlyTheLastSessionOfAKeyClosesIt() {
    counts.opened("eu-west-1/111111111111");
    counts.opened("eu-west-1/111111111111");
    counts.opened("eu-west-1/222222222222");

    assertThat(counts.closed("eu-west-1/111111111111")).as("one of two").isFalse();
    assertThat(counts.open("eu-west-1/111111111111")).isEqualTo(1);
    assertThat(counts.closed("eu-west-1/111111111111")).as("the last").isTrue();
    assertThat(counts.open("eu-west-1/111111111111")).isZero();
    assertThat(counts.open("eu-west-1/222222222222")).as("another key untouched").isEqualTo(1);

    counts.opened("eu-west-1/111111111111");
    assertThat(counts.closed("eu-west-1/111111111111")).as("reopened, then closed").isTrue();
  }

  @Test
  void tenThousandSessionsOfOneKeyCloseTheKeyOnlyAtTheLast() {
    for (int i = 0; i < 10_000; i++) {
      counts.opened("us-east-1/123456789012");
    }
    int lastSeen = 0;
    for (int i = 1; i <= 10_000; i++) {
      if (counts.closed("us-east-1/123456789012")) {
        lastSeen = i;
      }
    }
    assertThat(lastSeen).isEqualTo(10_000);
  }

  @Test
  void aCloseWithoutAnOpenSessionIsAnError() {
    assertThatThrownBy(() -> counts.closed("eu-west-1/111111111111"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("eu-west-1/111111111111");
  }
}
