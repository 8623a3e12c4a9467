package io.datapipeline.converter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.converter.NoRejects;
import io.datapipeline.converter.core.CommittedRows;
import io.datapipeline.converter.core.CsvConverter;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB writers against a table that throttles above a capacity and has a latency ({@link
 * ThrottlingTableStandIn}): their concurrency settles near the table's capacity, every row lands
 * exactly once, throttled and unprocessed items are retried, the ceiling holds, and a failed load's
 * undo (issue 15, item 4) still leaves nothing of the failed version.
 */
class AdaptiveDynamoDbWritesTest {

  private static final Schema SCHEMA =
      SchemaLoader.parse(
          "{\"primaryKey\": [\"id\"], \"columns\": [{\"name\": \"id\", \"type\": \"int64\","
              + " \"nullable\": false}, {\"name\": \"note\", \"type\": \"string\"}]}");

  @Test
  void concurrencySettlesNearTheTablesCapacityAndEveryRowLandsOnce() throws Exception {
    int capacity = 8;
    ThrottlingTableStandIn table = new ThrottlingTableStandIn(List.of("id"), capacity, 2000, 4000);
    DynamoDbSink sink = new DynamoDbSink(table, "orders", SCHEMA, "in/a.csv", "v1", 32);

    int rows = 25_000; // 1,000 requests of 25
    load(sink, csv(rows, 0));

    assertThat(table.items()).hasSize(rows);
    assertThat(table.mostPutsOfOneKey()).isEqualTo(1); // nothing written twice
    assertThat(table.puts()).isEqualTo(rows);
    for (int id = 0; id < rows; id += 997) {
      Map<String, AttributeValue> item = table.items().get(List.of(AttributeValue.fromN("" + id)));
      assertThat(item.get("note").s()).isEqualTo("n" + id);
      assertThat(item.get("_dp_source_version").s()).isEqualTo("v1");
    }
    // It was throttled (the writers went past the capacity) and retried both kinds of throttle.
    assertThat(table.throttles()).isGreaterThanOrEqualTo(2);
    assertThat(table.unprocessedReturned()).isPositive();
    // Throttles stay a small share of the requests: the writers back off rather than hammer.
    assertThat(table.throttles()).isLessThan(table.requests() / 4);

    AdaptiveConcurrency.Stats stats = sink.concurrencyStats();
    // AIMD saws between about half the capacity and just above it, far below the ceiling of 32.
    assertThat(stats.limit()).isBetween(capacity / 2 - 1, capacity + 2);
    assertThat(stats.highest()).isLessThan(2 * capacity + 2);
    // The table was kept busy: over the second half of the file, the requests it served met
    // on average at least half its capacity in flight.
    List<Integer> served = table.admittedConcurrency();
    double secondHalf =
        served.subList(served.size() / 2, served.size()).stream()
            .mapToInt(Integer::intValue)
            .average()
            .orElseThrow();
    assertThat(secondHalf).isGreaterThanOrEqualTo(capacity / 2.0);
  }

  @Test
  void theCeilingCapsTheConcurrencyWhateverTheTableWouldTake() throws Exception {
    ThrottlingTableStandIn table = new ThrottlingTableStandIn(List.of("id"), 1_000, 1000, 2000);
    DynamoDbSink sink = new DynamoDbSink(table, "orders", SCHEMA, "in/a.csv", "v1", 6);

    load(sink, csv(10_000, 0));

    assertThat(table.items()).hasSize(10_000);
    assertThat(table.throttles()).isZero();
    assertThat(table.admittedConcurrency()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(6));
    assertThat(sink.concurrencyStats().highest()).isEqualTo(6);
  }

  @Test
  void aRepeatedKeysLastRowWinsUnderThrottling() throws Exception {
    ThrottlingTableStandIn table = new ThrottlingTableStandIn(List.of("id"), 2, 500, 1000);
    DynamoDbSink sink = new DynamoDbSink(table, "orders", SCHEMA, "in/a.csv", "v1", 16);
    StringBuilder csv = new StringBuilder("id,note\n");
    for (int round = 0; round < 20; round++) {
      for (int id = 0; id < 300; id++) {
        csv.append(id).append(",r").append(round).append('\n');
      }
    }

    load(sink, csv.toString());

    assertThat(table.throttles()).isPositive();
    assertThat(table.items()).hasSize(300);
    assertThat(table.items().values())
        .allSatisfy(item -> assertThat(item.get("note").s()).isEqualTo("r19"));
  }

  @Test
  void aFailedLoadUndoneUnderThrottlingLeavesNothingOfItsVersion() throws Exception {
    ThrottlingTableStandIn table = new ThrottlingTableStandIn(List.of("id"), 3, 500, 1500);
    // The committed state: v0 of this object had ids 0..99; another object owns id 50000.
    for (int id = 0; id < 100; id++) {
      table.preload(item(id, "old" + id, "in/a.csv", "v0"));
    }
    table.preload(item(50_000, "theirs", "in/other.csv", "w1"));
    DynamoDbSink sink =
        new DynamoDbSink(table, "orders", SCHEMA, "in/a.csv", "v1", 16).trackingTouchedKeys();
    CommittedRows committed =
        keys -> {
          List<CommittedRows.Row> found = new ArrayList<>();
          for (Object[] key : keys) {
            long id = (Long) key[0];
            found.add(
                id < 100
                    ? new CommittedRows.Row(new Object[] {id, "old" + id}, "in/a.csv", "v0", id + 2)
                    : null);
          }
          return found;
        };

    // v1 writes 0..4999 and fails before its commit, writes still in flight: undo at once.
    new CsvConverter(SCHEMA).convert(stream(csv(5_000, 0)), List.of(sink), new NoRejects());
    sink.undo(committed);

    assertThat(table.throttles()).isPositive();
    assertThat(table.items()).hasSize(101);
    for (int id = 0; id < 100; id++) {
      Map<String, AttributeValue> item = table.items().get(List.of(AttributeValue.fromN("" + id)));
      assertThat(item.get("note").s()).isEqualTo("old" + id);
      assertThat(item.get("_dp_source_version").s()).isEqualTo("v0");
    }
    assertThat(table.items().get(List.of(AttributeValue.fromN("50000"))).get("note").s())
        .isEqualTo("theirs");
    // The lanes are stopped: nothing of v1 lands later.
    Thread.sleep(50);
    assertThat(table.items().values())
        .noneSatisfy(item -> assertThat(item.get("_dp_source_version").s()).isEqualTo("v1"));
  }

  private static Map<String, AttributeValue> item(
      long id, String note, String sourceKey, String version) {
    return Map.of(
        "id", AttributeValue.fromN(Long.toString(id)),
        "note", AttributeValue.fromS(note),
        "_dp_source_key", AttributeValue.fromS(sourceKey),
        "_dp_source_version", AttributeValue.fromS(version),
        "_dp_line", AttributeValue.fromN(Long.toString(id + 2)));
  }

  private static void load(DynamoDbSink sink, String csv) throws Exception {
    List<RowSink> sinks = List.of(sink);
    new CsvConverter(SCHEMA).convert(stream(csv), sinks, new NoRejects());
    sink.finish();
  }

  private static String csv(int rows, int from) {
    StringBuilder csv = new StringBuilder("id,note\n");
    for (int id = from; id < from + rows; id++) {
      csv.append(id).append(",n").append(id).append('\n');
    }
    return csv.toString();
  }

  private static ByteArrayInputStream stream(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }
}
