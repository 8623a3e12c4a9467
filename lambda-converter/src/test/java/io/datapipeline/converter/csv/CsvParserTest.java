package io.datapipeline.converter.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

  /** "line: f1|f2" for good records, "line! reason: raw" for bad ones. */
  private static List<String> parse(String text, int maxRecordChars) throws IOException {
    return parse(new CsvParser(new StringReader(text), ',', '"', maxRecordChars));
  }

  /** The same, with the field count known (as the converter knows it from the header). */
  private static List<String> parseExpecting(int fields, String text) throws IOException {
    CsvParser parser = new CsvParser(new StringReader(text), ',', '"');
    parser.expectFields(fields);
    return parse(parser);
  }

  private static List<String> parse(CsvParser parser) throws IOException {
    List<String> out = new ArrayList<>();
    while (parser.next()) {
      out.add(
          parser.isBad()
              ? parser.line() + "! " + parser.badReason() + ": " + parser.badRaw()
              : parser.line() + ": " + String.join("|", parser.fields()));
    }
    return out;
  }

  private static List<String> parse(String text) throws IOException {
    return parse(text, CsvParser.DEFAULT_MAX_RECORD_CHARS);
  }

  @Test
  void readsQuotedFieldsWithDelimitersEscapedQuotesAndLineBreaks() throws IOException {
    assertThat(parse("a,\"b,c\",\"say \"\"hi\"\"\"\n\"two\nlines\",x,\n3,4,5"))
        .containsExactly("1: a|b,c|say \"hi\"", "2: two\nlines|x|", "4: 3|4|5");
  }

  @Test
  void acceptsCrLfLoneCrBlankLinesAndAByteOrderMark() throws IOException {
    assertThat(parse("\uFEFFa,b\r\n\r\nc,d\re,f\n")).containsExactly("1: a|b", "3: c|d", "4: e|f");
  }

  @Test
  void aStrayQuoteRejectsOnlyTheRecordItBreaksNotTheValidRecordsAfterIt() throws IOException {
    // Seven data records; the third opens a quote that a later record's quoted field closes.
    assertThat(parse("id,name,n\n1,a,1\n2,b,2\n3,\"c,3\n4,d,4\n5,\"e\",5\n6,f,6\n7,g,7\n"))
        .containsExactly(
            "1: id|name|n",
            "2: 1|a|1",
            "3: 2|b|2",
            "4! unexpected character 'e' after a closing quote (a stray quote?): 3,\"c,3",
            "5: 4|d|4",
            "6: 5|e|5",
            "7: 6|f|6",
            "8: 7|g|7");
  }

  @Test
  void aQuotedFieldHoldingLineBreaksIsOneRecordStartingOnItsFirstLine() throws IOException {
    assertThat(
            parseExpecting(3, "id,note,n\n1,\"two\nlines\",1\n2,\"cr\r\nlf\rand cr\",2\n3,x,3\n"))
        .containsExactly(
            "1: id|note|n", "2: 1|two\nlines|1", "4: 2|cr\r\nlf\rand cr|2", "7: 3|x|3");
  }

  @Test
  void aStrayQuoteClosedByALaterQuoteRejectsOnlyItsFirstLineWhenTheFieldCountIsWrong()
      throws IOException {
    // Line 2 opens a quote by mistake; line 4's last field closes it cleanly: as one record the
    // three lines make 2 fields, not 3, so only line 2 is the broken record.
    assertThat(parseExpecting(3, "id,name,n\n1,\"a,1\n2,b,2\n3,c,\"\n4,d,4\n"))
        .containsExactly(
            "1: id|name|n",
            "2! a quoted field runs over line breaks and leaves 2 fields, not 3 (a stray quote?):"
                + " 1,\"a,1",
            "3: 2|b|2",
            "4! unterminated quoted field (no closing \" before the end of the file): 3,c,\"",
            "5: 4|d|4");
  }

  @Test
  void withoutAKnownFieldCountAQuoteClosedOnALaterLineMakesOneRecord() throws IOException {
    assertThat(parse("1,\"a,1\n2,b\",2\n")).containsExactly("1: 1|a,1\n2,b|2");
  }

  @Test
  void anUnterminatedQuoteRejectsOnlyItsLineAndParsingResumes() throws IOException {
    assertThat(parse("a,b\n1,\"open\n2,x\n3,y\n"))
        .containsExactly(
            "1: a|b",
            "2! unterminated quoted field (no closing \" before the end of the file): 1,\"open",
            "3: 2|x",
            "4: 3|y");
  }

  @Test
  void textAfterAClosingQuoteRejectsTheRecord() throws IOException {
    assertThat(parse("\"a\"b,c\nd,e\n"))
        .containsExactly("1! unexpected character 'b' after a closing quote: \"a\"b,c", "2: d|e");
  }

  @Test
  void aRecordOverTheLimitIsRejectedAndParsingResumesOnTheNextLine() throws IOException {
    StringBuilder text = new StringBuilder("ok,1\n\"");
    text.append("x".repeat(50)).append('\n');
    for (int i = 0; i < 200; i++) {
      text.append("row").append(i).append(",2\n");
    }
    List<String> records = parse(text.toString(), 256);
    assertThat(records.get(0)).isEqualTo("1: ok|1");
    assertThat(records.get(1)).startsWith("2! record longer than 256 characters");
    assertThat(records.get(2)).isEqualTo("3: row0|2");
    assertThat(records).hasSize(202);
  }

  @Test
  void readsRecordsLongerThanTheInitialBuffer() throws IOException {
    String big = "y".repeat(200_000);
    assertThat(parse("a," + big + "\n\"" + big + "\",b\n"))
        .containsExactly("1: a|" + big, "2: " + big + "|b");
  }

  @Test
  void lastRecordWithoutNewlineAndTrailingDelimiter() throws IOException {
    assertThat(parse("a,b\nc,")).containsExactly("1: a|b", "2: c|");
  }
}
