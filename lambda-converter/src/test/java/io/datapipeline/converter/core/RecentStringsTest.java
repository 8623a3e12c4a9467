package io.datapipeline.converter.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.converter.csv.CharSlice;
import java.util.Arrays;
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

  @Property(tries = 300)
  void everySliceOfASharedBufferIsItsText(
      @ForAll @Size(max = 200) List<@StringLength(max = 70) String> texts) {
    // As the parser hands them: slices at any offset of one buffer that is overwritten in place.
    RecentStrings recent = new RecentStrings();
    char[] buffer = new char[200];
    int at = 0;
    for (String text : texts) {
      at = (at + 37) % (buffer.length - text.length());
      text.getChars(0, text.length(), buffer, at);
      String made = recent.of(CharSlice.of(buffer, at, text.length()));
      Arrays.fill(buffer, 'x'); // the buffer moves on: the String must not see it
      assertThat(made).isEqualTo(text);
    }
  }

  @Test
  void aRepeatedSliceIsOneStringWhereverItIs() {
    RecentStrings recent = new RecentStrings();
    char[] buffer = "..shipped...new..shipped".toCharArray();
    String first = recent.of(CharSlice.of(buffer, 2, 7));
    assertThat(recent.of(CharSlice.of(buffer, 12, 3))).isEqualTo("new");
    assertThat(recent.of(CharSlice.of(buffer, 17, 7))).isSameAs(first).isEqualTo("shipped");
    assertThat(recent.of(CharSlice.of(buffer, 17, 6))).isEqualTo("shippe");
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
