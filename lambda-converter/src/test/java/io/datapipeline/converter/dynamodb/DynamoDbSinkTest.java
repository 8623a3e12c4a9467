package io.datapipeline.converter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.converter.schema.SchemaLoader;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What DynamoDB would refuse becomes a rejected row before anything is written. */
class DynamoDbSinkTest {

  private final DynamoDbSink sink =
      new DynamoDbSink(
          (ItemWrites) null, // refuse() and item() write nothing
          "orders",
          SchemaLoader.parse(
              "{\"primaryKey\": [\"id\"], \"columns\": [{\"name\": \"id\", \"type\": \"string\","
                  + " \"nullable\": false}, {\"name\": \"x\", \"type\": \"float64\"},"
                  + " {\"name\": \"d\", \"type\": \"decimal\", \"precision\": 12, \"scale\": 2},"
                  + " {\"name\": \"day\", \"type\": \"date\"}, {\"name\": \"at\", \"type\": \"timestamp\"},"
                  + " {\"name\": \"ok\", \"type\": \"boolean\"}, {\"name\": \"note\", \"type\": \"string\"}], \"nullValues\": [\"NA\"]}"),
          "incoming/a.csv",
          "v1",
          1);

  @Test
  void refusesWhatDynamoDbWouldRejectAndAcceptsTheRest() {
    assertThat(sink.refuse(new Object[] {"", 1.0, null, null, null, null, null}))
        .isEqualTo("column 'id': a DynamoDB key cannot be an empty string");
    assertThat(sink.refuse(new Object[] {"a", 1e200, null, null, null, null, null}))
        .contains("column 'x': 1.0E200 is outside DynamoDB's number range");
    assertThat(
            sink.refuse(new Object[] {"a", null, null, null, null, null, "y".repeat(410 * 1024)}))
        .contains("over the 400 KB item limit");
    assertThat(sink.refuse(new Object[] {"k".repeat(2049), null, null, null, null, null, null}))
        .isEqualTo("column 'id': a DynamoDB key is at most 2048 bytes");
    assertThat(sink.refuse(new Object[] {"a", 0.0, null, null, null, null, null})).isNull();
    sink.abort();
  }

  @Test
  void theItemSizeCountsTheLineageAttributes() {
    String longKey = "incoming/" + "k".repeat(1000) + ".csv";
    DynamoDbSink withLongKey =
        new DynamoDbSink(
            (ItemWrites) null, // refuse() and item() write nothing
            "orders",
            SchemaLoader.parse(
                "{\"primaryKey\": [\"id\"], \"columns\": [{\"name\": \"id\", \"type\":"
                    + " \"string\", \"nullable\": false}, {\"name\": \"note\", \"type\": \"string\"}]}"),
            longKey,
            "v1",
            1);
    // The columns alone are 600 bytes under the limit; the 1 KB source key is not.
    String note = "n".repeat(400 * 1024 - 600 - "id".length() - 1 - "note".length());
    assertThat(withLongKey.refuse(new Object[] {"a", note})).contains("over the 400 KB item limit");
    assertThat(sink.refuse(new Object[] {"a", null, null, null, null, null, note})).isNull();
    withLongKey.abort();
    sink.abort();
  }

  @Test
  void mapsTypesPerTheTypeTable() {
    Map<String, AttributeValue> item =
        sink.item(
            new Object[] {
              "a", 2.5, new BigDecimal("12.30"), 19_844, 1_714_564_800_000_000L, true, null,
            },
            7);
    assertThat(item.get("id").s()).isEqualTo("a");
    assertThat(item.get("x").n()).isEqualTo("2.5");
    assertThat(item.get("d").n()).isEqualTo("12.30");
    assertThat(item.get("day").s()).isEqualTo("2024-05-01");
    assertThat(item.get("at").s()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(item.get("ok").bool()).isTrue();
    assertThat(item.get("_dp_line").n()).isEqualTo("7");
    assertThat(item.get("_dp_source_key").s()).isEqualTo("incoming/a.csv");
    sink.abort();
  }
}
