package io.datapipeline.converter.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.converter.DuckDb;
import io.datapipeline.converter.Expected;
import io.datapipeline.converter.TestFiles;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.FileOutput;
import io.datapipeline.converter.sink.JsonLinesSink;
import io.datapipeline.converter.sink.ParquetSink;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real CSV files end to end: Parquet read back by DuckDB and JSON Lines by Jackson, each value
 * compared with the input as DuckDB's own CSV reader sees it.
 */
class DatasetConversionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"airports", "github", "seattle-weather", "sp500-2000"})
  void convertsDatasetValueByValue(String name) throws Exception {
    Schema schema = TestFiles.schema(name);
    Path csv = TestFiles.dataset(name + ".csv");
    Path parquet = dir.resolve(name + ".parquet");
    Path jsonl = dir.resolve(name + ".jsonl");
    CsvRejectSink rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve("rejects.csv")));
    List<RowSink> sinks =
        List.of(
            new ParquetSink(schema, new FileOutput(parquet), CompressionCodecName.ZSTD),
            new JsonLinesSink(schema, new FileOutput(jsonl)));
    ConversionResult result;
    try (InputStream in = Files.newInputStream(csv)) {
      result = new CsvConverter(schema).convert(in, sinks, rejects);
    }
    Sinks.finishAll(sinks, rejects);

    try (DuckDb duck = new DuckDb()) {
      List<Map<String, Object>> input =
          duck.rows(
              "SELECT * FROM read_csv('"
                  + csv
                  + "', header=true, delim=',', quote='\"', escape='\"', all_varchar=true,"
                  + " nullstr='\\0none')");
      String select =
          schema.columns().stream().map(Expected::duckDbSelect).collect(Collectors.joining(", "));
      List<Map<String, Object>> output =
          duck.rows("SELECT " + select + " FROM read_parquet('" + parquet + "')");
      List<String> json = Files.readAllLines(jsonl);

      assertThat(result.rowsRejected()).isZero();
      assertThat(result.rowsLoaded()).isEqualTo(input.size()).isPositive();
      assertThat(result.bytesRead()).isEqualTo(Files.size(csv));
      assertThat(output).hasSameSizeAs(input);
      assertThat(json).hasSameSizeAs(input);
      assertThat(Files.exists(dir.resolve("rejects.csv"))).isFalse();
      for (int r = 0; r < input.size(); r++) {
        JsonNode line = JSON.readTree(json.get(r));
        for (Column column : schema.columns()) {
          Object expected =
              Expected.value(schema, column, (String) input.get(r).get(column.name()));
          Object actual = output.get(r).get(column.name());
          String where = name + " row " + (r + 1) + " column " + column.name();
          if (expected instanceof BigDecimal decimal) {
            assertThat((BigDecimal) actual).as(where).isEqualByComparingTo(decimal);
          } else {
            assertThat(actual).as(where).isEqualTo(expected);
          }
          assertJson(line.get(column.name()), column, expected, where);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"seattle-weather", "github"})
  void writesParquetTypesOfTheTypeTable(String name) throws Exception {
    Schema schema = TestFiles.schema(name);
    Path parquet = dir.resolve(name + ".parquet");
    List<RowSink> sinks =
        List.of(new ParquetSink(schema, new FileOutput(parquet), CompressionCodecName.SNAPPY));
    CsvRejectSink rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve("r.csv")));
    try (InputStream in = Files.newInputStream(TestFiles.dataset(name + ".csv"))) {
      new CsvConverter(schema).convert(in, sinks, rejects);
    }
    Sinks.finishAll(sinks, rejects);
    try (DuckDb duck = new DuckDb()) {
      Map<String, String> types = duck.parquetTypes(parquet.toString());
      if (name.equals("seattle-weather")) {
        assertThat(types)
            .containsEntry("date", "DATE")
            .containsEntry("precipitation", "DECIMAL(5,1)")
            .containsEntry("wind", "DOUBLE")
            .containsEntry("weather", "VARCHAR");
      } else {
        assertThat(types)
            .containsEntry("time", "TIMESTAMP WITH TIME ZONE")
            .containsEntry("count", "BIGINT");
      }
    }
  }

  private static void assertJson(JsonNode node, Column column, Object expected, String where) {
    if (expected == null) {
      assertThat(node.isNull()).as(where).isTrue();
      return;
    }
    switch (column.type()) {
      case STRING, DATE -> assertThat(node.asText()).as(where).isEqualTo(expected);
      case INT64 -> assertThat(node.asLong()).as(where).isEqualTo(expected);
      case FLOAT64 -> assertThat(node.asDouble()).as(where).isEqualTo(expected);
      case DECIMAL ->
          assertThat(node.decimalValue()).as(where).isEqualByComparingTo((BigDecimal) expected);
      case BOOLEAN -> assertThat(node.asBoolean()).as(where).isEqualTo(expected);
      case TIMESTAMP ->
          assertThat(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(node.asText())))
              .as(where)
              .isEqualTo(expected);
    }
  }
}
