package io.datapipeline.converter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KeylessItemKeyTest {

  @Test
  void thePartitionIsTheHashOfTheSourceKeyAndTheLineModuloTheShards() {
    KeylessItemKey key = new KeylessItemKey("incoming/e.csv");
    // sha256("incoming/e.csv"), first 16 bytes: stable, so other tools can compute it too.
    assertThat(key.partition(2)).matches("[0-9a-f]{32}#2");
    assertThat(key.partition(2 + KeylessItemKey.SHARDS)).isEqualTo(key.partition(2));
    assertThat(key.partition(3)).isNotEqualTo(key.partition(2));
    assertThat(new KeylessItemKey("incoming/e.csv").partition(7)).isEqualTo(key.partition(7));
    assertThat(new KeylessItemKey("incoming/f.csv").partition(7)).isNotEqualTo(key.partition(7));
    assertThat(key.itemKey(9).get(KeylessItemKey.SORT).n()).isEqualTo("9");
  }

  @Test
  void consecutiveLinesSpreadOverEveryShard() {
    KeylessItemKey key = new KeylessItemKey("x".repeat(1024));
    assertThat(LongStream.rangeClosed(2, 1 + KeylessItemKey.SHARDS).mapToObj(key::partition))
        .doesNotHaveDuplicates()
        .allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(32 + 3));
  }

  @Test
  void theHashIsSha256() {
    // echo -n abc | sha256sum: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    assertThat(KeylessItemKey.objectHash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223");
  }
}
