package io.datapipeline.converter.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.converter.DuckDb;
import io.datapipeline.converter.TestFiles;
import io.datapipeline.converter.bench.OrdersCsv;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The golden comparison of the two Parquet writers: the same CSV through the previous writer
 * (parquet-avro, {@link AvroParquetSink}) and through ours ({@link ParquetSink}) must read back in
 * DuckDB with the same column types and the same values, row by row, for every column type; and
 * ours must use the physical encodings it promises (INT32/INT64 decimals, dictionaries).
 */
class ParquetWriterEquivalenceTest {

  /** Every column type, nullable, with the edges of each (decimal beyond 18 digits too). */
  static final String ALL_TYPES_SCHEMA =
      """
      {"primaryKey": ["id"], "nullValues": ["", "NA"], "columns": [
        {"name": "id", "type": "int64", "nullable": false},
        {"name": "text", "type": "string"},
        {"name": "kind", "type": "string"},
        {"name": "small", "type": "decimal", "precision": 9, "scale": 2},
        {"name": "wide", "type": "decimal", "precision": 18, "scale": 4},
        {"name": "huge", "type": "decimal", "precision": 38, "scale": 10},
        {"name": "count", "type": "int64"},
        {"name": "ratio", "type": "float64"},
        {"name": "flag", "type": "boolean"},
        {"name": "day", "type": "date"},
        {"name": "at", "type": "timestamp", "format": "yyyy-MM-dd HH:mm:ss"},
        {"name": "iso", "type": "timestamp"},
        {"name": "local", "type": "timestamp", "format": "dd.MM.yyyy HH:mm:ss.SSS",
         "timeZone": "Europe/Zurich"}
      ]}
      """;

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter ISO_MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+02:00'");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss.SSS");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"airports", "github", "seattle-weather", "sp500-2000"})
  void datasetsReadBackTheSameFromBothWriters(String name) throws Exception {
    assertSameReadBack(TestFiles.schema(name), TestFiles.dataset(name + ".csv"));
  }

  @Test
  void ordersReadBackTheSameFromBothWriters() throws Exception {
    Schema schema = SchemaLoader.parse(TestFiles.read("/bench/orders.schema.json"));
    Path csv = dir.resolve("orders.csv");
    OrdersCsv.write(csv, 30_000, 0);
    assertSameReadBack(schema, csv);
  }

  /** {@link #allTypesCsv} of {@code rows} rows, written to all.csv. */
  private Path allTypesFile(int rows) throws IOException {
    return Files.writeString(dir.resolve("all.csv"), allTypesCsv(rows), StandardCharsets.UTF_8);
  }

  @Test
  void everyColumnTypeWithNullsAndEdgesReadsBackTheSame() throws Exception {
    Schema schema = SchemaLoader.parse(ALL_TYPES_SCHEMA);
    Path csv = allTypesFile(5_000);
    assertSameReadBack(schema, csv);
  }

  @Test
  void decimalsUpTo18DigitsAreIntegersAndTimestampsMicrosInUtc() throws Exception {
    Schema schema = SchemaLoader.parse(ALL_TYPES_SCHEMA);
    Path csv = allTypesFile(3_000);
    Path ours = write(schema, csv, "ours", false);
    try (DuckDb duck = new DuckDb()) {
      Map<String, Map<String, Object>> columns = new HashMap<>();
      for (Map<String, Object> row :
          duck.rows(
              "SELECT name, type, logical_type::VARCHAR AS logical, repetition_type"
                  + " FROM parquet_schema('"
                  + ours
                  + "') WHERE num_children IS NULL OR num_children = 0")) {
        columns.put((String) row.get("name"), row);
      }
      assertThat(columns.get("small").get("type")).isEqualTo("INT32");
      assertThat(columns.get("wide").get("type")).isEqualTo("INT64");
      assertThat(columns.get("huge").get("type")).isEqualTo("BYTE_ARRAY");
      assertThat((String) columns.get("small").get("logical")).contains("DecimalType", "scale=2");
      assertThat(columns.get("at").get("type")).isEqualTo("INT64");
      assertThat((String) columns.get("at").get("logical"))
          .contains("TimestampType", "isAdjustedToUTC=1", "MICROS");
      assertThat(columns.get("day").get("type")).isEqualTo("INT32");
      assertThat(columns.get("id").get("repetition_type")).isEqualTo("REQUIRED");
      assertThat(columns.get("text").get("repetition_type")).isEqualTo("OPTIONAL");
      assertThat(duck.parquetTypes(ours.toString()))
          .containsEntry("small", "DECIMAL(9,2)")
          .containsEntry("wide", "DECIMAL(18,4)")
          .containsEntry("huge", "DECIMAL(38,10)")
          .containsEntry("at", "TIMESTAMP WITH TIME ZONE")
          .containsEntry("day", "DATE");
    }
  }

  @Test
  void lowCardinalityStringsAreDictionaryEncodedButTheKeyIsNot() throws Exception {
    Path ours = write(ORDERS, orders30k(), "ours", false);
    try (DuckDb duck = new DuckDb()) {
      assertThat(encodings(duck, ours, "customer")).contains("DICTIONARY");
      assertThat(encodings(duck, ours, "order_id")).doesNotContain("DICTIONARY");
    }
  }

  @Test
  void columnsOfNearlyDistinctValuesSkipTheDictionaryAndTheOthersKeepIt() throws Exception {
    Path csv = orders30k();
    Path ours = write(ORDERS, csv, "ours", false);
    try (DuckDb duck = new DuckDb()) {
      for (String distinct : List.of("amount", "price", "ordered_at")) {
        assertThat(encodings(duck, ours, distinct)).as(distinct).doesNotContain("DICTIONARY");
      }
      for (String repeated : List.of("customer", "quantity", "order_day")) {
        assertThat(encodings(duck, ours, repeated)).as(repeated).contains("DICTIONARY");
      }
    }
    assertSameReadBack(ORDERS, csv);
  }

  private static final Schema ORDERS =
      SchemaLoader.parse(TestFiles.read("/bench/orders.schema.json"));

  /** The bench's orders shape, 30,000 rows: enough for several batches and a dictionary. */
  private Path orders30k() throws IOException {
    Path csv = dir.resolve("orders.csv");
    OrdersCsv.write(csv, 30_000, 0);
    return csv;
  }

  @Test
  void aFileOfNoRowsIsAParquetFileOfTheSchema() throws Exception {
    Schema schema = SchemaLoader.parse(ALL_TYPES_SCHEMA);
    Path csv = dir.resolve("header-only.csv");
    Files.writeString(csv, allTypesCsv(0), StandardCharsets.UTF_8);
    Path reference = write(schema, csv, "reference", true);
    Path ours = write(schema, csv, "ours", false);
    try (DuckDb duck = new DuckDb()) {
      assertThat(duck.parquetTypes(ours.toString()))
          .isEqualTo(duck.parquetTypes(reference.toString()));
      assertThat(duck.rows("SELECT * FROM read_parquet('" + ours + "')")).isEmpty();
    }
  }

  private static String encodings(DuckDb duck, Path file, String column) throws Exception {
    List<Map<String, Object>> rows =
        duck.rows(
            "SELECT string_agg(DISTINCT encodings, ',') AS e FROM parquet_metadata('"
                + file
                + "') WHERE path_in_schema = '"
                + column
                + "'");
    return (String) rows.get(0).get("e");
  }

  private void assertSameReadBack(Schema schema, Path csv) throws Exception {
    Path reference = write(schema, csv, "reference", true);
    Path ours = write(schema, csv, "ours", false);
    try (DuckDb duck = new DuckDb()) {
      assertThat(duck.parquetTypes(ours.toString()))
          .as("DuckDB's column types")
          .isEqualTo(duck.parquetTypes(reference.toString()));
      List<Map<String, Object>> expected =
          duck.rows("SELECT * FROM read_parquet('" + reference + "')");
      List<Map<String, Object>> actual = duck.rows("SELECT * FROM read_parquet('" + ours + "')");
      assertThat(expected).isNotEmpty();
      assertThat(actual).hasSameSizeAs(expected);
      for (int r = 0; r < expected.size(); r++) {
        assertThat(actual.get(r))
            .as(csv.getFileName() + " row " + (r + 1))
            .isEqualTo(expected.get(r));
      }
    }
  }

  private Path write(Schema schema, Path csv, String name, boolean reference) throws Exception {
    Path parquet = dir.resolve(name + "-" + csv.getFileName() + ".parquet");
    RowSink sink =
        reference
            ? new AvroParquetSink(schema, new FileOutput(parquet), CompressionCodecName.SNAPPY)
            : new ParquetSink(schema, new FileOutput(parquet), CompressionCodecName.SNAPPY);
    CsvRejectSink rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve(name + "-r.csv")));
    try (InputStream in = Files.newInputStream(csv)) {
      new CsvConverter(schema).convert(in, List.of(sink), rejects);
    }
    Sinks.finishAll(List.of(sink), rejects);
    assertThat(rejects.count())
        .as("rows rejected from " + csv.getFileName() + ": " + rejectsText(name))
        .isZero();
    return parquet;
  }

  private String rejectsText(String name) {
    Path file = dir.resolve(name + "-r.csv");
    return Files.exists(file) ? TestFiles.read(file) : "";
  }

  /** Deterministic rows; every nullable column is null (empty or NA) in some of them. */
  static String allTypesCsv(int rows) {
    SplittableRandom random = new SplittableRandom(7);
    String[] kinds = {"new", "paid", "shipped", "returned"};
    String[] texts = {"Z\u00fcrich \u20ac \uD83D\uDE00", "say \"\"hi\"\"", "a,b", "two\nlines", ""};
    StringBuilder out =
        new StringBuilder("id,text,kind,small,wide,huge,count,ratio,flag,day,at,iso,local\n");
    for (int i = 0; i < rows; i++) {
      boolean nulls = i % 11 == 5;
      String na = i % 2 == 0 ? "" : "NA";
      out.append(i).append(',');
      out.append(nulls ? na : "\"" + texts[i % texts.length] + i + "\"").append(',');
      out.append(nulls ? na : kinds[random.nextInt(kinds.length)]).append(',');
      long cents = random.nextLong(-99_999_999L, 100_000_000L);
      out.append(nulls ? na : BigDecimal.valueOf(cents, 2).toPlainString()).append(',');
      long wide =
          i % 97 == 0
              ? (i % 2 == 0 ? 999_999_999_999_999_999L : -999_999_999_999_999_999L)
              : random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
      out.append(nulls ? na : BigDecimal.valueOf(wide, 4).toPlainString()).append(',');
      BigDecimal huge = new BigDecimal(new BigInteger(120, new Random(i)).negate(), 10);
      out.append(nulls ? na : i % 3 == 0 ? huge.negate().toPlainString() : huge.toPlainString())
          .append(',');
      out.append(nulls ? na : Long.toString(i % 50 == 0 ? Long.MIN_VALUE + i : random.nextLong()))
          .append(',');
      double ratio =
          switch (i % 7) {
            case 0 -> -0.0;
            case 1 -> 1e300;
            case 2 -> 4.9e-324;
            default -> random.nextDouble(-1e6, 1e6);
          };
      out.append(nulls ? na : Double.toString(ratio)).append(',');
      out.append(nulls ? na : random.nextBoolean() ? "true" : "F").append(',');
      LocalDate day = LocalDate.ofEpochDay(random.nextLong(-80_000, 80_000));
      out.append(nulls ? na : day.toString()).append(',');
      LocalDateTime at =
          LocalDateTime.ofEpochSecond(
              random.nextLong(-3_000_000_000L, 4_000_000_000L), 0, ZoneOffset.UTC);
      out.append(nulls ? na : SECONDS.format(at)).append(',');
      out.append(nulls ? na : ISO_MICROS.format(at.withNano(random.nextInt(1_000_000) * 1000)))
          .append(',');
      out.append(nulls ? na : MILLIS.format(at.withNano(random.nextInt(1000) * 1_000_000)))
          .append('\n');
    }
    return out.toString();
  }
}
