package io.datapipeline.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SHARD_LABEL_SELECTOR: unset means every pipeline; a bad selector fails at start, named. */
class ShardLabelSelectorTest {

  @Test
  void unsetMeansAllPipelines() {
    assertThat(OperatorConfig.defaults().shardLabelSelector()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "datapipeline.io/shard=a",
        "shard==a",
        "shard!=b",
        "shard in (a, b)",
        "shard notin (c),tier=gold",
        "shard",
        "!legacy",
        "datapipeline.io/shard in (a,b),!legacy"
      })
  void acceptsKubernetesSelectors(String selector) {
    assertThat(OperatorConfig.from(Map.of("SHARD_LABEL_SELECTOR", selector)).shardLabelSelector())
        .isEqualTo(selector);
  }

  @ParameterizedTest
  @ValueSource(strings = {"shard=a b", "shard in a,b", "=a", "shard=(a)", "shard>1"})
  void refusesWhatIsNoSelectorNamingTheSetting(String selector) {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("SHARD_LABEL_SELECTOR", selector)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SHARD_LABEL_SELECTOR");
  }
}
