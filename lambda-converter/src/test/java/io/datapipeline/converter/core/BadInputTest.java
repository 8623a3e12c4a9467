package io.datapipeline.converter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.converter.CollectingSink;
import io.datapipeline.converter.DuckDb;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.FileOutput;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input, and where its rows go. */
class BadInputTest {

  private static final String ORDERS =
      """
      {"nullValues": ["", "NA"], "primaryKey": ["order_id"], "columns": [
        {"name": "order_id", "type": "string", "nullable": false},
        {"name": "amount", "type": "decimal", "precision": 12, "scale": 2},
        {"name": "quantity", "type": "int64"},
        {"name": "paid", "type": "boolean"},
        {"name": "order_day", "type": "date"},
        {"name": "ordered_at", "type": "timestamp", "format": "yyyy-MM-dd HH:mm:ss", "timeZone": "UTC"}
      ]}
      """;

  @TempDir Path dir;

  private final CollectingSink loaded = new CollectingSink();
  private CsvRejectSink rejects;

  private ConversionResult convert(String schemaJson, byte[] csv) throws Exception {
    Schema schema = SchemaLoader.parse(schemaJson);
    rejects = new CsvRejectSink(() -> new FileOutput(dir.resolve("rejected.csv")));
    ConversionResult result =
        new CsvConverter(schema).convert(new ByteArrayInputStream(csv), List.of(loaded), rejects);
    Sinks.finishAll(List.of(loaded), rejects);
    return result;
  }

  private ConversionResult convert(String csv) throws Exception {
    return convert(ORDERS, csv.getBytes(StandardCharsets.UTF_8));
  }

  private List<Map<String, Object>> rejectedRows() throws Exception {
    try (DuckDb duck = new DuckDb()) {
      return duck.rows(
          "SELECT line, reason, record FROM read_csv('"
              + dir.resolve("rejected.csv")
              + "', header=true, all_varchar=true, quote='\"', escape='\"', delim=',')");
    }
  }

  @Test
  void quarantinesEachBadRowWithItsLineAndReasonAndLoadsTheRest() throws Exception {
    ConversionResult result =
        convert(
            """
            order_id,amount,quantity,paid,order_day,ordered_at
            A1,10.50,3,true,2024-05-01,2024-05-01 10:00:00
            A2,10.50,3,true
            A3,ten,3,true,2024-05-01,2024-05-01 10:00:00
            A4,1.00,3,true,2024-13-01,2024-05-01 10:00:00
            NA,1.00,3,true,2024-05-01,2024-05-01 10:00:00
            A6,1.00,3,true,2024-05-01,2024-05-01 10:00:00,extra
            A7,1.001,3,true,2024-05-01,2024-05-01 10:00:00
            "A8,1.00,3,true,2024-05-01,2024-05-01 10:00:00
            A9,,,,,
            """);

    assertThat(result.rowsLoaded()).isEqualTo(2);
    assertThat(result.rowsRejected()).isEqualTo(7);
    assertThat(loaded.lines).containsExactly(2L, 10L);
    assertThat(loaded.rows.get(1)).containsExactly("A9", null, null, null, null, null);
    List<Map<String, Object>> rejected = rejectedRows();
    assertThat(rejected)
        .extracting(r -> r.get("line") + " " + r.get("reason"))
        .containsExactly(
            "3 expected 6 fields, found 4",
            "4 column 'amount': 'ten' is not a decimal number",
            "5 column 'order_day': '2024-13-01' is not a date of the form yyyy-MM-dd",
            "6 column 'order_id': null in a non-nullable column",
            "7 expected 6 fields, found 7",
            "8 column 'amount': '1.001' has more than 2 digits after the decimal point",
            "9 unterminated quoted field (no closing \" before the end of the file)");
    assertThat(rejected.get(1).get("record"))
        .isEqualTo("A3,ten,3,true,2024-05-01,2024-05-01 10:00:00");
    assertThat(rejected.get(6).get("record"))
        .isEqualTo("\"A8,1.00,3,true,2024-05-01,2024-05-01 10:00:00");
  }

  @Test
  void onBadRowFailRefusesTheWholeFileNamingTheLine() {
    String failing = ORDERS.replace("\"nullValues\"", "\"onBadRow\": \"Fail\", \"nullValues\"");
    assertThatThrownBy(
            () ->
                convert(
                    failing,
                    "order_id,amount,quantity,paid,order_day,ordered_at\nA1,1,1,t,2024-01-01,2024-01-01 00:00:00\nA2,x,1,t,2024-01-01,2024-01-01 00:00:00\n"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BadInputException.class)
        .hasMessage("line 3: column 'amount': 'x' is not a decimal number (onBadRow: Fail)");
  }

  @Test
  void anEmptyFileFails() {
    assertThatThrownBy(() -> convert(""))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aHeaderNotMatchingTheSchemaFailsNamingTheColumns() {
    assertThatThrownBy(() -> convert("order_id,amount,qty,paid,order_day,ordered_at\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "line 1: the header does not match the schema: missing columns [quantity] columns not in"
                + " the schema [qty]");
  }

  @Test
  void aNullableColumnAbsentFromTheHeaderLoadsAsNull() throws Exception {
    ConversionResult result =
        convert(
            "order_id,amount,paid,order_day,ordered_at\nA1,2,no,2024-05-01,2024-05-01 10:00:00\n");
    assertThat(result.rowsLoaded()).isEqualTo(1);
    assertThat(result.rowsRejected()).isZero();
    assertThat(loaded.rows.get(0)[2]).as("quantity").isNull();
    assertThat(loaded.rows.get(0)[0]).isEqualTo("A1");
  }

  @Test
  void aNonNullableColumnAbsentFromTheHeaderFailsTheFile() {
    assertThatThrownBy(() -> convert("amount,quantity,paid,order_day,ordered_at\n2,1,no,,\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("line 1: the header does not match the schema: missing columns [order_id]");
  }

  @Test
  void headerNamesMatchInAnyOrderAndAfterNormalisation() throws Exception {
    ConversionResult result =
        convert(
            "Ordered At,order_id,Amount,quantity,paid,ORDER-DAY\n2024-05-01 10:00:00,A1,2,3,no,2024-05-01\n");
    assertThat(result.rowsLoaded()).isEqualTo(1);
    assertThat(loaded.rows.get(0)[0]).isEqualTo("A1");
    assertThat(loaded.rows.get(0)[3]).isEqualTo(false);
  }

  @Test
  void aFileThatIsNotUtf8Fails() {
    byte[] latin1 =
        "order_id,amount,quantity,paid,order_day,ordered_at\nZ\u00fcrich,1,1,t,2024-01-01,2024-01-01 00:00:00\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> convert(ORDERS, latin1))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void aBinaryFileFails() {
    byte[] gzip = {0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0xff};
    assertThatThrownBy(() -> convert(ORDERS, gzip)).isInstanceOf(BadInputException.class);
  }

  @Test
  void aCleanFileLeavesNoRejectsFile() throws Exception {
    convert(
        "order_id,amount,quantity,paid,order_day,ordered_at\nA1,1,1,t,2024-01-01,2024-01-01 00:00:00\n");
    assertThat(Files.exists(dir.resolve("rejected.csv"))).isFalse();
  }
}
