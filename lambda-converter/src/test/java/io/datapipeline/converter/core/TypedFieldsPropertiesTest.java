package io.datapipeline.converter.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.converter.csv.CharSlice;
import io.datapipeline.converter.csv.CsvParser;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The converter types fields straight from the CSV parser's buffer ({@link CharSlice}) into a
 * {@link RowBatch}'s primitive columns. These properties hold that path to the reference one, the
 * String-based parsers as they were before it (written out here where the fast path replaced them):
 * the same value, boxed as the typed row always was, or the same error message, for any text, at
 * any offset of a larger buffer; and the parser's fields, escaped quotes and line breaks included,
 * read back exactly as written.
 */
class TypedFieldsPropertiesTest {

  /** Number-, date- and boolean-like text, padded, signed, broken, or anything. */
  @Provide
  Arbitrary<String> fieldText() {
    Arbitrary<String> numberish =
        Arbitraries.strings().withChars("0123456789000.-+eE ").ofMaxLength(24);
    Arbitrary<String> temporal =
        Arbitraries.strings().withChars("0123456789-: T.Z+").ofMinLength(8).ofMaxLength(26);
    Arbitrary<String> words =
        Arbitraries.of(
            "true",
            "false",
            "TRUE",
            " t",
            "yes ",
            "N",
            "1",
            "0",
            "maybe",
            "",
            " ",
            "\t7\t",
            "NaN",
            "Infinity",
            "0x1p3",
            "1d",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "2024-02-29",
            "2023-02-29",
            "2024-05-01 12:30:59",
            "2024-05-01T12:30:59.123456Z",
            "2024-05-01T12:30:59+02:00",
            "2024-05-01 24:00:00");
    return Arbitraries.oneOf(numberish, temporal, words, Arbitraries.strings().ofMaxLength(12));
  }

  @Provide
  Arbitrary<Column> column() {
    return Arbitraries.of(
        Column.of("c", ColumnType.STRING),
        Column.of("c", ColumnType.INT64),
        Column.of("c", ColumnType.FLOAT64),
        Column.of("c", ColumnType.BOOLEAN),
        new Column("c", ColumnType.DECIMAL, true, 12, 2, null, null),
        new Column("c", ColumnType.DECIMAL, true, 18, 4, null, null),
        new Column("c", ColumnType.DECIMAL, true, 5, 0, null, null),
        new Column("c", ColumnType.DECIMAL, true, 30, 6, null, null),
        Column.of("c", ColumnType.DATE),
        new Column("c", ColumnType.DATE, true, null, null, "dd.MM.yyyy", null),
        new Column("c", ColumnType.TIMESTAMP, true, null, null, "yyyy-MM-dd HH:mm:ss", "UTC"),
        new Column(
            "c", ColumnType.TIMESTAMP, true, null, null, "yyyy-MM-dd HH:mm:ss", "Europe/Berlin"),
        new Column("c", ColumnType.TIMESTAMP, true, null, null, null, "America/New_York"));
  }

  @Property(tries = 3000)
  void aFieldReadFromTheBufferIsTheReferenceParsersValue(
      @ForAll("fieldText") String text,
      @ForAll("column") Column column,
      @ForAll @IntRange(max = 5) int offset) {
    char[] buffer = new char[offset + text.length() + 3];
    Arrays.fill(buffer, '7'); // neighbours that would change any number read past
    text.getChars(0, text.length(), buffer, offset);
    RowBatch batch = new RowBatch(schemaOf(column), 1);
    batch.startRow();
    Object fast;
    try {
      ValueParsers.readerFor(column).read(CharSlice.of(buffer, offset, text.length()), batch, 0);
      fast = comparable(batch.value(0, 0));
    } catch (BadValueException e) {
      fast = "error: " + e.getMessage();
    }
    assertThat(fast).as("%s of '%s'", column, text).isEqualTo(reference(column, text));
  }

  private static Schema schemaOf(Column column) {
    return new Schema(null, null, null, null, null, null, List.of(column));
  }

  /** The value the String-based parser of before gives, or its error message. */
  private static Object reference(Column column, String text) {
    try {
      return comparable(
          switch (column.type()) {
            case INT64 -> referenceInt64(text);
            case BOOLEAN -> referenceBoolean(text);
            case DECIMAL ->
                ValueParsers.exactDecimal(column.precision(), column.scale()).parse(text);
            default -> ValueParsers.forColumn(column).parse(text);
          });
    } catch (BadValueException e) {
      return "error: " + e.getMessage();
    }
  }

  /** Doubles as their bits (to tell -0.0 from 0.0); a BigDecimal keeps its scale in equals. */
  private static Object comparable(Object value) {
    return value instanceof Double d ? Double.doubleToRawLongBits(d) : value;
  }

  private static Object referenceInt64(String text) throws BadValueException {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new BadValueException(ValueParsers.quoted(text) + " is not a 64-bit integer");
    }
  }

  private static Object referenceBoolean(String text) throws BadValueException {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
      case "false", "f", "no", "n", "0" -> Boolean.FALSE;
      default ->
          throw new BadValueException(
              ValueParsers.quoted(text) + " is not a boolean (true/false, t/f, yes/no, y/n, 1/0)");
    };
  }

  @Property(tries = 1000)
  void aLongDecimalKeptUnscaledIsTheExactParsersValue(
      @ForAll long unscaled, @ForAll @IntRange(max = 18) int scale) {
    BigDecimal value = BigDecimal.valueOf(unscaled % 1_000_000_000_000_000_000L, scale);
    Column column = new Column("c", ColumnType.DECIMAL, true, 18, scale, null, null);
    RowBatch batch = new RowBatch(schemaOf(column), 1);
    batch.startRow();
    String text = value.toPlainString();
    try {
      ValueParsers.readerFor(column)
          .read(CharSlice.of(text.toCharArray(), 0, text.length()), batch, 0);
    } catch (BadValueException e) {
      throw new AssertionError(text, e);
    }
    assertThat(batch.getDecimal(0, 0)).isEqualTo(value);
    assertThat(batch.value(0, 0)).isEqualTo(value);
  }

  /** Fields of any text: delimiters, quotes and line breaks (then written quoted) included. */
  @Provide
  Arbitrary<List<List<String>>> records() {
    Arbitrary<String> field = Arbitraries.strings().withChars("ab1 ,\"\n\r").ofMaxLength(8);
    return field.list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 500)
  void theParsersFieldsReadBackAsWritten(@ForAll("records") List<List<String>> records)
      throws IOException {
    StringBuilder text = new StringBuilder();
    for (List<String> record : records) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < record.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        // Quote every field that is empty too: a record of one empty field is a blank line.
        String field = record.get(i);
        line.append('"').append(field.replace("\"", "\"\"")).append('"');
      }
      text.append(line).append('\n');
    }
    CsvParser parser = new CsvParser(new StringReader(text.toString()), ',', '"', 64);
    CharSlice slice = new CharSlice();
    int index = 0;
    while (parser.next()) {
      assertThat(parser.isBad()).as(parser.badReason()).isFalse();
      List<String> expected = records.get(index++);
      assertThat(parser.fields()).containsExactlyElementsOf(expected);
      for (int i = 0; i < expected.size(); i++) {
        parser.field(i, slice);
        assertThat(slice.toString()).isEqualTo(expected.get(i));
        assertThat(slice.contentEquals(expected.get(i))).isTrue();
        assertThat(parser.fieldLength(i)).isEqualTo(expected.get(i).length());
        assertThat(parser.field(i)).isEqualTo(expected.get(i));
      }
    }
    assertThat(index).isEqualTo(records.size());
  }
}
