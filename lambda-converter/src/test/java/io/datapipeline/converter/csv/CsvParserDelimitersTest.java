package io.datapipeline.converter.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fields split exactly whatever the delimiter: below and above the line-break characters (the
 * scan's one-bound test per character must never skip a delimiter), with every delimiter candidate,
 * quotes, line breaks and non-ASCII text inside quoted fields.
 */
class CsvParserDelimitersTest {

  @Property(tries = 400)
  void recordsReadBackAsWrittenWithAnyDelimiter(
      @ForAll("delimiters") char delimiter, @ForAll("records") List<List<String>> records)
      throws Exception {
    StringBuilder csv = new StringBuilder();
    for (List<String> record : records) {
      for (int f = 0; f < record.size(); f++) {
        if (f > 0) {
          csv.append(delimiter);
        }
        csv.append(field(record.get(f), delimiter));
      }
      csv.append(records.size() % 2 == 0 ? "\r\n" : "\n");
    }
    List<List<String>> parsed = new ArrayList<>();
    try (CsvParser parser = new CsvParser(new StringReader(csv.toString()), delimiter, '"', 4096)) {
      while (parser.next()) {
        assertThat(parser.isBad()).as(parser.badReason() + " in " + csv).isFalse();
        parsed.add(List.of(parser.fields()));
      }
    }
    assertThat(parsed).as(csv.toString()).isEqualTo(records);
  }

  @Provide
  Arbitrary<Character> delimiters() {
    return Arbitraries.of(',', ';', '\t', '|', ' ', ':', '\u0001', '~');
  }

  @Provide
  Arbitrary<List<List<String>>> records() {
    return texts().list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(6);
  }

  private static Arbitrary<String> texts() {
    return Arbitraries.strings()
        .withChars(
            ',', ';', '\t', '|', ' ', ':', '\u0001', '~', '"', '\n', '\r', 'a', '9', '\u00e9')
        .withChars('\u20ac')
        .ofMaxLength(10);
  }

  /**
   * The field as a CSV writer would put it: quoted when it holds a special character or is empty.
   */
  private static String field(String text, char delimiter) {
    boolean quote =
        text.isEmpty()
            || text.indexOf(delimiter) >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
