package io.datapipeline.converter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.converter.DuckDb;
import io.datapipeline.converter.TestFiles;
import io.datapipeline.converter.bench.OrdersCsv;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Sinks;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.FileOutput;
import io.datapipeline.converter.sink.JsonLinesSink;
import io.datapipeline.converter.sink.ParquetSink;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConverterCliTest {

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = ConverterCli.run(args);
      return new Run(
          code,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** {@code convert --schema schema --input input} with the output flags {@code outputs}. */
  private static Run convert(Path schema, Path input, String... outputs) {
    List<String> args =
        new ArrayList<>(
            List.of("convert", "--schema", schema.toString(), "--input", input.toString()));
    args.addAll(List.of(outputs));
    return run(args.toArray(String[]::new));
  }

  @Test
  void convertPrintsTheSummaryAndWritesEachOutput() throws Exception {
    Path parquet = dir.resolve("out/github.parquet");
    Path json = dir.resolve("out/github.jsonl");
    Run run =
        convert(
            TestFiles.dataset("github.schema.json"),
            TestFiles.dataset("github.csv"),
            "--parquet",
            parquet.toString(),
            "--json",
            json.toString(),
            "--rejects",
            dir.resolve("rejects.csv").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo("rows=955 rejected=0");
    assertThat(Files.readAllLines(json)).hasSize(955);
    try (DuckDb duck = new DuckDb()) {
      assertThat(
              duck.rows("SELECT sum(count) AS s FROM read_parquet('" + parquet + "')")
                  .get(0)
                  .get("s"))
          .hasToString(
              String.valueOf(
                  Files.readAllLines(TestFiles.dataset("github.csv")).stream()
                      .skip(1)
                      .mapToLong(l -> Long.parseLong(l.split(",")[1]))
                      .sum()));
    }
  }

  @Test
  void theOutputsEncodedOnThreadsOfTheirOwnAreTheBytesOfTheSinksOnTheCallingThread()
      throws Exception {
    // On 2 cores the CLI encodes Parquet and JSON Lines on threads of their own (OffThreadSink):
    // every batch, in order, nothing lost, the same bytes as the same sinks run directly.
    Path schemaFile = dir.resolve("orders.schema.json");
    Files.writeString(schemaFile, TestFiles.read("/bench/orders.schema.json"));
    Schema schema = SchemaLoader.read(schemaFile);
    Path csv = dir.resolve("orders.csv");
    OrdersCsv.write(csv, 25_000, 0);
    Path json = dir.resolve("cli.jsonl");
    Path parquet = dir.resolve("cli.parquet");
    Run run = convert(schemaFile, csv, "--json", json + "", "--parquet", parquet + "");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo("rows=25000 rejected=0");

    Path directJson = dir.resolve("direct.jsonl");
    Path directParquet = dir.resolve("direct.parquet");
    List<RowSink> sinks =
        List.of(
            new JsonLinesSink(schema, new FileOutput(directJson)),
            new ParquetSink(schema, new FileOutput(directParquet), CompressionCodecName.SNAPPY));
    CsvRejectSink rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve("direct-r.csv")));
    try (InputStream in = Files.newInputStream(csv)) {
      new CsvConverter(schema).convert(in, sinks, rejects);
    }
    Sinks.finishAll(sinks, rejects);
    assertThat(Files.mismatch(json, directJson)).as("first differing JSON byte").isEqualTo(-1);
    assertThat(Files.mismatch(parquet, directParquet))
        .as("first differing Parquet byte")
        .isEqualTo(-1);
  }

  @Test
  void convertExitsWithOneAndAClearMessageOnAnUnreadableFile() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.csv"));
    Run run =
        convert(
            TestFiles.dataset("github.schema.json"),
            empty,
            "--parquet",
            dir.resolve("x.parquet").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("empty.csv: the file is empty");
    assertThat(dir.resolve("x.parquet")).doesNotExist();
  }

  @Test
  void inferPrintsASchemaThatConvertAccepts() throws Exception {
    Run run = run("infer", "--input", TestFiles.dataset("github.csv").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    Schema schema = SchemaLoader.parse(run.out());
    assertThat(schema.primaryKey()).containsExactly("time");
    assertThat(schema.columns())
        .containsExactly(
            new Column(
                "time", ColumnType.TIMESTAMP, false, null, null, "yyyy/MM/dd HH:mm:ss", "UTC"),
            new Column("count", ColumnType.INT64, false, null, null, null, null));

    Path schemaFile = Files.writeString(dir.resolve("schema.json"), run.out());
    Run convert =
        convert(
            schemaFile,
            TestFiles.dataset("github.csv"),
            "--json",
            dir.resolve("g.jsonl").toString());
    assertThat(convert.out().strip()).isEqualTo("rows=955 rejected=0");
  }

  @Test
  void inferGuessesTypesOfTheOtherDatasets() throws Exception {
    Schema weather =
        SchemaLoader.parse(
            run("infer", "--input", TestFiles.dataset("seattle-weather.csv").toString()).out());
    assertThat(weather.columns())
        .extracting(Column::type)
        .containsExactly(
            ColumnType.DATE,
            ColumnType.DECIMAL,
            ColumnType.DECIMAL,
            ColumnType.DECIMAL,
            ColumnType.DECIMAL,
            ColumnType.STRING);
    Schema airports =
        SchemaLoader.parse(
            run("infer", "--input", TestFiles.dataset("airports.csv").toString()).out());
    assertThat(airports.nullValues()).containsExactly("", "NA");
    assertThat(airports.columns().get(0))
        .isEqualTo(new Column("iata", ColumnType.STRING, false, null, null, null, null));
  }

  @Test
  void inferProposesNoKeyWithoutCertaintyAndSaysWhyOnStderr() throws Exception {
    Path repeated =
        Files.writeString(
            dir.resolve("birds.csv"), "airport,strikes\nSEA,1\nSEA,2\nPDX,3\nPDX,2\n");
    Run run = run("infer", "--input", repeated.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    // No key rather than a wrong one: a keyless schema, valid as it is (every row loads).
    assertThat(new ObjectMapper().readTree(run.out()).get("primaryKey")).isEmpty();
    assertThat(SchemaLoader.parse(run.out()).keyless()).isTrue();
    assertThat(run.err()).contains("The schema is keyless: every row loads");
    assertThat(run.err())
        .contains(
            "no primary key: airport has 2 distinct values in 4 rows; strikes has 3 distinct"
                + " values in 4 rows");

    Run sampled =
        run("infer", "--input", TestFiles.dataset("github.csv").toString(), "--sample-rows", "10");
    assertThat(new ObjectMapper().readTree(sampled.out()).get("primaryKey")).isEmpty();
    assertThat(sampled.err()).contains("no primary key: only the first 10 rows were read");

    Run whole = run("infer", "--input", TestFiles.dataset("github.csv").toString());
    assertThat(whole.err()).contains("primary key: time (present and distinct in all 955 rows");
  }
}
