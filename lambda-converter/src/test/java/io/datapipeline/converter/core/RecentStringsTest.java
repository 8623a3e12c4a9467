package io.datapipeline.converter.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class RecentStringsTest {

  @Property(tries = 300)
  void everyValueIsItsText(@ForAll @Size(max = 200) List<@StringLength(max = 70) String> texts) {
    RecentStrings recent = new RecentStrings();
    for (String text : texts) {
      assertThat(recent.of(new StringBuilder(text))).isEqualTo(text);
    }
  }

  @Test
  void aRepeatedValueIsOneString() {
    RecentStrings recent = new RecentStrings();
    String first = recent.of(new StringBuilder("shipped"));
    for (int i = 0; i < 10_000; i++) {
      assertThat(recent.of(new StringBuilder(i % 2 == 0 ? "shipped" : "new"))).isNotNull();
    }
    assertThat(recent.of(new StringBuilder("shipped"))).isSameAs(first);
  }

  @Test
  void distinctValuesStillComeOutRightAfterTheTableIsGivenUp() {
    RecentStrings recent = new RecentStrings();
    for (int i = 0; i < 3 * RecentStrings.PROBE; i++) {
      assertThat(recent.of(new StringBuilder("id-" + i))).isEqualTo("id-" + i);
    }
    String a = recent.of(new StringBuilder("same"));
    assertThat(recent.of(new StringBuilder("same"))).isEqualTo("same").isNotSameAs(a);
  }
}
