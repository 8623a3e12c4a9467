package io.datapipeline.converter.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.converter.DuckDb;
import io.datapipeline.converter.TestFiles;
import io.datapipeline.converter.bench.BenchOrdersCsv;
import io.datapipeline.converter.bench.OrdersCsv;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ParquetSink} writes straight into parquet's column writers ({@link ParquetRowGroups}); the
 * file must be byte for byte the one parquet-hadoop's {@code ParquetWriter} writes from the same
 * rows through its record consumer ({@link RecordConsumerParquetSink}, the previous sink): pages,
 * dictionaries and their fallback to plain, statistics, column and offset indexes, row group
 * boundaries and the footer. Small row groups and many rows make several row groups and pages.
 */
class ParquetRowGroupsBytesTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"airports", "github", "seattle-weather", "sp500-2000"})
  void datasetsAreByteIdentical(String name) throws Exception {
    assertByteIdentical(
        TestFiles.schema(name),
        TestFiles.dataset(name + ".csv"),
        ParquetSink.DEFAULT_ROW_GROUP_BYTES);
  }

  @Test
  void everyColumnTypeWithNullsIsByteIdenticalInManyRowGroups() throws Exception {
    Schema schema = SchemaLoader.parse(ParquetWriterEquivalenceTest.ALL_TYPES_SCHEMA);
    Path csv = allTypesFile(40_000);
    int rowGroups = assertByteIdentical(schema, csv, 512 * 1024);
    assertThat(rowGroups).as("row groups").isGreaterThan(3);
  }

  @Test
  void benchOrdersAreByteIdenticalAcrossRowGroupsAndPages() throws Exception {
    Schema schema = SchemaLoader.parse(TestFiles.read("/bench/converter.schema.json"));
    Path csv = dir.resolve("orders.csv");
    BenchOrdersCsv.write(csv, 200_000);
    int rowGroups = assertByteIdentical(schema, csv, 2L * 1024 * 1024);
    assertThat(rowGroups).as("row groups").isGreaterThan(2);
  }

  @Test
  void ordersWithDictionariesFallingBackAreByteIdentical() throws Exception {
    Schema schema = SchemaLoader.parse(TestFiles.read("/bench/orders.schema.json"));
    Path csv = dir.resolve("orders.csv");
    OrdersCsv.write(csv, 60_000, 0);
    assertByteIdentical(schema, csv, ParquetSink.DEFAULT_ROW_GROUP_BYTES);
  }

  @Test
  void aFileOfNoRowsIsByteIdentical() throws Exception {
    Schema schema = SchemaLoader.parse(ParquetWriterEquivalenceTest.ALL_TYPES_SCHEMA);
    Path csv = allTypesFile(0);
    assertByteIdentical(schema, csv, ParquetSink.DEFAULT_ROW_GROUP_BYTES);
  }

  /** ParquetWriterEquivalenceTest's file of every column type, {@code rows} rows. */
  private Path allTypesFile(int rows) throws java.io.IOException {
    return Files.writeString(
        dir.resolve("all.csv"),
        ParquetWriterEquivalenceTest.allTypesCsv(rows),
        StandardCharsets.UTF_8);
  }

  /** Writes {@code csv} with both sinks, compares the bytes; returns the row groups DuckDB sees. */
  private int assertByteIdentical(Schema schema, Path csv, long rowGroupBytes) throws Exception {
    Path reference = dir.resolve("reference.parquet");
    Path ours = dir.resolve("ours.parquet");
    write(
        schema,
        csv,
        new RecordConsumerParquetSink(
            schema, new FileOutput(reference), CompressionCodecName.SNAPPY, rowGroupBytes));
    write(
        schema,
        csv,
        new ParquetSink(schema, new FileOutput(ours), CompressionCodecName.SNAPPY, rowGroupBytes));
    byte[] expected = Files.readAllBytes(reference);
    byte[] actual = Files.readAllBytes(ours);
    assertThat(actual.length).as("file size").isEqualTo(expected.length);
    assertThat(java.util.Arrays.mismatch(actual, expected))
        .as("first differing byte")
        .isEqualTo(-1);
    try (DuckDb duck = new DuckDb()) {
      List<Map<String, Object>> groups =
          duck.rows(
              "SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('" + ours + "')");
      return ((Number) groups.get(0).get("n")).intValue();
    }
  }

  private void write(Schema schema, Path csv, RowSink sink) throws Exception {
    CsvRejectSink rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve("rejects.csv")));
    try (InputStream in = Files.newInputStream(csv)) {
      new CsvConverter(schema).convert(in, List.of(sink), rejects);
    }
    Sinks.finishAll(List.of(sink), rejects);
    assertThat(rejects.count()).as("rejected rows").isZero();
  }
}
