package io.datapipeline.converter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.datapipeline.converter.CollectingSink;
import io.datapipeline.converter.csv.CsvParser;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the parsers, bounded (a few hundred tries of short inputs per property, seconds in all):
 * whatever the text, the CSV parser ends with records or rejected records, the converter accounts
 * for every record (loaded + rejected), a stray quote rejects only the record it breaks while a
 * quoted field holding line breaks stays one record, and a value parser returns a value or a
 * BadValueException; never another exception, never a hang.
 */
class ParserPropertiesTest {

  private static final Schema SCHEMA =
      SchemaLoader.parse(
          """
          {"nullValues": ["", "NA"], "primaryKey": ["s"], "onBadRow": "Quarantine", "columns": [
            {"name": "s", "type": "string", "nullable": false},
            {"name": "i", "type": "int64"},
            {"name": "f", "type": "float64"},
            {"name": "d", "type": "decimal", "precision": 12, "scale": 2},
            {"name": "b", "type": "boolean"},
            {"name": "day", "type": "date"},
            {"name": "at", "type": "timestamp", "format": "yyyy-MM-dd HH:mm:ss", "timeZone": "UTC"}
          ]}
          """);

  /** Text made mostly of what CSV and its values are built from, plus anything else. */
  @Provide
  Arbitrary<String> csvText() {
    Arbitrary<Character> structural =
        Arbitraries.of(',', '"', '\n', '\r', ' ', '.', '-', ':', 'e', 'E', '\u0000', '\uFEFF');
    Arbitrary<Character> digits = Arbitraries.chars().range('0', '9');
    Arbitrary<Character> any = Arbitraries.chars();
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, structural),
            net.jqwik.api.Tuple.of(4, digits),
            net.jqwik.api.Tuple.of(1, any))
        .list()
        .ofMaxSize(300)
        .map(
            chars -> {
              StringBuilder text = new StringBuilder(chars.size());
              chars.forEach(text::append);
              return text.toString();
            });
  }

  @Property(tries = 400)
  void theCsvParserEndsWithRecordsOrRejectedRecords(@ForAll("csvText") String text)
      throws IOException {
    CsvParser parser = new CsvParser(new StringReader(text), ',', '"', 128);
    long records = 0;
    while (parser.next()) {
      records++;
      if (parser.isBad()) {
        assertThat(parser.badReason()).isNotBlank();
      } else {
        assertThat(parser.fieldCount()).isPositive();
      }
      assertThat(records).as("more records than characters").isLessThanOrEqualTo(text.length());
    }
  }

  @Property(tries = 300)
  void theConverterLoadsOrRejectsEveryRecord(@ForAll("csvText") String body) throws Exception {
    String text = "s,i,f,d,b,day,at\n" + body;
    long records = -1; // the header
    CsvParser counter = new CsvParser(new StringReader(text), ',', '"');
    counter.expectFields(SCHEMA.columns().size()); // records as the converter cuts them
    while (counter.next()) {
      records++;
    }
    CollectingSink loaded = new CollectingSink();
    CountingRejects rejects = new CountingRejects();

    ConversionResult result =
        new CsvConverter(SCHEMA, 7)
            .convert(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                List.of(loaded),
                rejects);

    assertThat(result.rowsLoaded() + result.rowsRejected()).isEqualTo(records);
    assertThat(loaded.rows).hasSize((int) result.rowsLoaded());
  }

  private static final Schema TEXT_SCHEMA =
      SchemaLoader.parse(
          """
          {"primaryKey": ["a"], "onBadRow": "Quarantine", "columns": [
            {"name": "a", "type": "string", "nullable": false},
            {"name": "b", "type": "string"},
            {"name": "c", "type": "string"}
          ]}
          """);

  /**
   * One data record as written and, when it is valid, the values it must load as; a broken one
   * holds a stray quote.
   */
  record Written(String text, List<String> values) {
    boolean valid() {
      return values != null;
    }
  }

  /** Letters, digits and spaces: never CSV syntax. */
  private static Arbitrary<String> plainText(int minLength) {
    return Arbitraries.strings().withChars("abcxyz019 .-").ofMinLength(minLength).ofMaxLength(6);
  }

  /**
   * A valid field: plain, or quoted holding delimiters, escaped quotes and line breaks (LF, CRLF,
   * lone CR). A quoted value starts with a letter: a stray quote's run then always ends at a valid
   * neighbour's opening quote followed by text, the one case a parser can tell from a real quoted
   * field (a quoted value starting with a delimiter or line break is indistinguishable from the
   * continuation of a stray quote's field).
   */
  private static Arbitrary<String[]> validField(boolean first) {
    Arbitrary<String> inner =
        Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, plainText(1)),
                net.jqwik.api.Tuple.of(
                    3, Arbitraries.of(",", "\"", "\n", "\r\n", "\r", ", \"x\"\n")))
            .list()
            .ofMaxSize(5)
            .map(parts -> String.join("", parts));
    Arbitrary<String[]> quoted =
        Arbitraries.chars()
            .range('a', 'z')
            .flatMap(c -> inner.map(rest -> c + rest))
            .map(v -> new String[] {"\"" + v.replace("\"", "\"\"") + "\"", v});
    Arbitrary<String[]> plain = plainText(first ? 1 : 0).map(v -> new String[] {v, v});
    return Arbitraries.oneOf(plain, quoted);
  }

  @Provide
  Arbitrary<List<Written>> recordsWithStrayQuotes() {
    Arbitrary<Written> valid =
        net.jqwik.api.Combinators.combine(validField(true), validField(false), validField(false))
            .as(
                (a, b, c) ->
                    new Written(
                        a[0] + "," + b[0] + "," + c[0],
                        Arrays.asList(
                            a[1], b[1].isEmpty() ? null : b[1], c[1].isEmpty() ? null : c[1])));
    Arbitrary<Written> broken =
        net.jqwik.api.Combinators.combine(
                plainText(1), plainText(1), Arbitraries.integers().between(0, 3))
            .as(
                (x, y, where) ->
                    new Written(
                        switch (where) {
                          case 0 -> x + ",\"" + y + ",z"; // a quote opened mid-record
                          case 1 -> x + ",z,\"" + y; // in the last field
                          case 2 -> "\"" + x + "\"" + y + ",b,c"; // text after a closing quote
                          default -> x + ",\"" + y + "\"" + y + ",c"; // the same, mid-record
                        },
                        null));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, valid), net.jqwik.api.Tuple.of(1, broken))
        .list()
        .ofMaxSize(12);
  }

  /**
   * The data lines of a file are its records: a record holding a quoted line break spans several
   * physical lines and counts once; a broken record is its first physical line. Whatever valid
   * neighbours a stray quote has, loaded + rejected equals the records written, every valid one
   * loads with its exact values and every broken one is rejected.
   */
  @Property(tries = 400)
  void aStrayQuoteRejectsOnlyTheRecordItBreaksAndQuotedLineBreaksStayInOneRecord(
      @ForAll("recordsWithStrayQuotes") List<Written> records, @ForAll boolean crlf)
      throws Exception {
    String newline = crlf ? "\r\n" : "\n";
    StringBuilder text = new StringBuilder("a,b,c").append(newline);
    records.forEach(r -> text.append(r.text()).append(newline));
    CollectingSink loaded = new CollectingSink();
    CountingRejects rejects = new CountingRejects();

    ConversionResult result =
        new CsvConverter(TEXT_SCHEMA, 5)
            .convert(
                new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                List.of(loaded),
                rejects);

    List<List<String>> expected =
        records.stream().filter(Written::valid).map(Written::values).toList();
    assertThat(result.rowsLoaded() + result.rowsRejected()).isEqualTo(records.size());
    assertThat(result.rowsRejected()).isEqualTo(records.size() - expected.size());
    assertThat(loaded.rows)
        .extracting(row -> Arrays.asList((Object[]) row))
        .containsExactlyElementsOf(
            expected.stream().map(v -> Arrays.<Object>asList(v.toArray())).toList());
  }

  @Property(tries = 500)
  void aValueParserReturnsAValueOrRefusesIt(
      @ForAll("csvText") String text, @ForAll ColumnType type) {
    Column column =
        switch (type) {
          case DECIMAL -> new Column("c", type, true, 12, 2, null, null);
          case TIMESTAMP -> new Column("c", type, true, null, null, "yyyy-MM-dd HH:mm:ss", "UTC");
          default -> Column.of("c", type);
        };
    ValueParser parser = ValueParsers.forColumn(column);
    assertThatCode(
            () -> {
              try {
                parser.parse(text);
              } catch (BadValueException refused) {
                assertThat(refused.getMessage()).isNotBlank();
              }
            })
        .doesNotThrowAnyException();
  }

  /** Rejects counted, not written: the property is about accounting, not the rejects file. */
  private static final class CountingRejects implements RejectSink {
    private long count;

    @Override
    public void reject(long line, String reason, String rawRecord) {
      assertThat(reason).isNotBlank();
      count++;
    }

    @Override
    public long count() {
      return count;
    }

    @Override
    public void finish() {}

    @Override
    public void abort() {}
  }
}
