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
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the parsers, bounded (a few hundred tries of short inputs per property, seconds in all):
 * whatever the text, the CSV parser ends with records or rejected records, the converter accounts
 * for every record (loaded + rejected), and a value parser returns a value or a BadValueException;
 * never another exception, never a hang.
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
