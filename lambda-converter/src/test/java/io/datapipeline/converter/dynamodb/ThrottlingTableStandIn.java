package io.datapipeline.converter.dynamodb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A stand-in for a DynamoDB table behind {@link ItemWrites}, for what moto cannot do: throttling
 * and latency. It serves at most {@code capacity} BatchWriteItem requests at once (at a latency L
 * that is a throughput of capacity x 25 / L items a second, as a table's write capacity bounds it);
 * a request over that is throttled as DynamoDB does, alternately with a
 * ProvisionedThroughputExceededException (nothing written) and with half of its items written and
 * the rest returned as UnprocessedItems. Like DynamoDB it refuses a batch of more than 25 requests
 * or with a key twice. It counts every put it applied per item and the concurrency each admitted
 * request met, for the tests' and the benchmark's assertions.
 */
public final class ThrottlingTableStandIn implements ItemWrites {

  private final List<String> keyNames;
  private final int capacity;
  private final long minLatencyMicros;
  private final long maxLatencyMicros;
  private final Map<List<AttributeValue>, Map<String, AttributeValue>> items =
      new ConcurrentHashMap<>();
  private final Map<List<AttributeValue>, AtomicInteger> putsPerKey = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong throttles = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong unprocessedReturned = new AtomicLong();
  private final List<Integer> admittedConcurrency = new ArrayList<>();

  /**
   * Whether {@link #items()} keeps every item written. The benchmark's million rows would otherwise
   * keep about 1.5 KB per item alive, and the garbage collector's copying of that growing heap, not
   * the sink, became what the benchmark measured.
   */
  private final boolean keepItems;

  /**
   * A table keyed by {@code keyNames}, serving {@code capacity} requests at once, each taking
   * between {@code minLatencyMicros} and {@code maxLatencyMicros}.
   */
  public ThrottlingTableStandIn(
      List<String> keyNames, int capacity, long minLatencyMicros, long maxLatencyMicros) {
    this(keyNames, capacity, minLatencyMicros, maxLatencyMicros, true);
  }

  /**
   * The same table keeping only the keys written and their put counts ({@link #distinctKeys()},
   * {@link #mostPutsOfOneKey()}), not the items: for the benchmark, whose heap would otherwise be
   * the items.
   */
  public static ThrottlingTableStandIn keysOnly(
      List<String> keyNames, int capacity, long minLatencyMicros, long maxLatencyMicros) {
    return new ThrottlingTableStandIn(
        keyNames, capacity, minLatencyMicros, maxLatencyMicros, false);
  }

  private ThrottlingTableStandIn(
      List<String> keyNames,
      int capacity,
      long minLatencyMicros,
      long maxLatencyMicros,
      boolean keepItems) {
    this.keepItems = keepItems;
    this.keyNames = List.copyOf(keyNames);
    this.capacity = capacity;
    this.minLatencyMicros = minLatencyMicros;
    this.maxLatencyMicros = maxLatencyMicros;
  }

  @Override
  public List<WriteRequest> batchWrite(String table, List<WriteRequest> batch) {
    if (batch.isEmpty() || batch.size() > 25) {
      throw new IllegalArgumentException("BatchWriteItem takes 1 to 25 requests: " + batch.size());
    }
    Set<List<AttributeValue>> keys = new HashSet<>();
    for (WriteRequest request : batch) {
      if (!keys.add(keyOf(request.putRequest().item()))) {
        throw new IllegalArgumentException("Provided list of item keys contains duplicates");
      }
    }
    requests.incrementAndGet();
    int concurrency = inFlight.incrementAndGet();
    try {
      sleepLatency();
      if (concurrency > capacity) {
        if (throttles.incrementAndGet() % 2 == 1) {
          throw ProvisionedThroughputExceededException.builder()
              .message("The level of configured provisioned throughput for the table was exceeded")
              .statusCode(400)
              .build();
        }
        int written = batch.size() / 2;
        batch.subList(0, written).forEach(this::put);
        List<WriteRequest> left = List.copyOf(batch.subList(written, batch.size()));
        unprocessedReturned.addAndGet(left.size());
        return left;
      }
      synchronized (admittedConcurrency) {
        admittedConcurrency.add(concurrency);
      }
      batch.forEach(this::put);
      return List.of();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public boolean deleteIfMatches(
      String table, Map<String, AttributeValue> key, Map<String, AttributeValue> expected) {
    requireItems();
    List<AttributeValue> k = keyOf(key);
    boolean[] deleted = {false};
    items.computeIfPresent(
        k,
        (ignored, item) -> {
          for (Map.Entry<String, AttributeValue> e : expected.entrySet()) {
            if (!e.getValue().equals(item.get(e.getKey()))) {
              return item;
            }
          }
          deleted[0] = true;
          return null;
        });
    return deleted[0];
  }

  /** Puts an item directly (a row an earlier load left), not counted as a write. */
  public void preload(Map<String, AttributeValue> item) {
    requireItems();
    items.put(keyOf(item), Map.copyOf(item));
  }

  /** Every item written, by key (none kept by a {@link #keysOnly} table). */
  public Map<List<AttributeValue>, Map<String, AttributeValue>> items() {
    requireItems();
    return items;
  }

  private void requireItems() {
    if (!keepItems) {
      throw new IllegalStateException("a keys-only stand-in keeps no items to compare or delete");
    }
  }

  /** How many different keys were written. */
  public int distinctKeys() {
    return putsPerKey.size();
  }

  /** The largest number of puts applied to any one key. */
  public int mostPutsOfOneKey() {
    return putsPerKey.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
  }

  public long puts() {
    return putsPerKey.values().stream().mapToLong(AtomicInteger::get).sum();
  }

  public long throttles() {
    return throttles.get();
  }

  public long requests() {
    return requests.get();
  }

  public long unprocessedReturned() {
    return unprocessedReturned.get();
  }

  /** The concurrency each served request met, in arrival order. */
  public List<Integer> admittedConcurrency() {
    synchronized (admittedConcurrency) {
      return List.copyOf(admittedConcurrency);
    }
  }

  private void put(WriteRequest request) {
    Map<String, AttributeValue> item = request.putRequest().item();
    List<AttributeValue> key = keyOf(item);
    if (keepItems) {
      items.put(key, item);
    }
    putsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  private List<AttributeValue> keyOf(Map<String, AttributeValue> item) {
    List<AttributeValue> key = new ArrayList<>(keyNames.size());
    for (String name : keyNames) {
      AttributeValue value = item.get(name);
      if (value == null) {
        throw new IllegalArgumentException("the item has no key attribute " + name + ": " + item);
      }
      key.add(value);
    }
    return key;
  }

  private void sleepLatency() {
    sleepBetween(minLatencyMicros, maxLatencyMicros);
  }

  /** Sleeps a latency drawn uniformly between the two bounds (microseconds), as a table answers. */
  public static void sleepBetween(long minMicros, long maxMicros) {
    long micros =
        minMicros == maxMicros
            ? minMicros
            : ThreadLocalRandom.current().nextLong(minMicros, maxMicros + 1);
    try {
      TimeUnit.MICROSECONDS.sleep(micros);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
