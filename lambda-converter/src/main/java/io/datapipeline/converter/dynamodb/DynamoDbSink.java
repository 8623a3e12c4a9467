package io.datapipeline.converter.dynamodb;

import io.datapipeline.converter.core.CommittedRows;
import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.core.IsoFormat;
import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes each row as a DynamoDB item through BatchWriteItem: 25 items per request, as many requests
 * in flight as the table takes ({@link AdaptiveConcurrency}: grown until throttled, cut to 70% when
 * throttled, never above the ceiling {@code DYNAMODB_MAX_CONCURRENCY}); a throttled request and
 * UnprocessedItems are retried with exponential backoff and full jitter. Rows are routed to one of
 * {@code ceiling} lanes by primary key, and each lane sends its requests in order, so when a file
 * repeats a key the last row wins, every time. A keyless schema's items are keyed by source object
 * and line ({@link KeylessItemKey}): every row is an item. An item over 400 KB is refused (a
 * rejected row).
 */
public final class DynamoDbSink implements RowSink {

  public static final int MAX_ITEM_BYTES = 400 * 1024;
  private static final int BATCH = 25;
  private static final int DELETE_THREADS = 8;
  private static final int UNDO_CHUNK = 500;
  private static final int MAX_ATTEMPTS = 12;
  private static final long BASE_BACKOFF_MILLIS = 25;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final ItemWrites dynamo;
  private final AdaptiveConcurrency concurrency;
  private final String table;
  private final Column[] columns;
  private final int[] keyColumns;
  private final AttributeValue sourceKey;
  private final AttributeValue sourceVersion;
  private final Lane[] lanes;

  /** The item key of a keyless schema's rows (source key and line); null with a primary key. */
  private final KeylessItemKey keyless;

  private TouchedKeys touched;

  /** Names and values of the lineage attributes every item carries (_dp_line at its widest). */
  private final long lineageBytes;

  private final int[] nameBytes;

  public DynamoDbSink(
      DynamoDbClient dynamo,
      String table,
      Schema schema,
      String sourceKey,
      String sourceVersion,
      int maxConcurrency) {
    this(ItemWrites.of(dynamo), table, schema, sourceKey, sourceVersion, maxConcurrency);
  }

  /**
   * {@code maxConcurrency}: the most BatchWriteItem requests in flight, whatever the table would
   * take (also the number of lanes).
   */
  public DynamoDbSink(
      ItemWrites dynamo,
      String table,
      Schema schema,
      String sourceKey,
      String sourceVersion,
      int maxConcurrency) {
    this.dynamo = dynamo;
    this.concurrency = new AdaptiveConcurrency(maxConcurrency);
    int lanes = maxConcurrency;
    this.table = table;
    this.columns = schema.columns().toArray(Column[]::new);
    this.keyColumns = schema.primaryKey().stream().mapToInt(schema::indexOf).toArray();
    this.keyless = schema.keyless() ? new KeylessItemKey(sourceKey) : null;
    this.sourceKey = AttributeValue.fromS(sourceKey);
    this.sourceVersion = AttributeValue.fromS(sourceVersion);
    this.nameBytes =
        schema.columns().stream()
            .mapToInt(c -> c.name().getBytes(StandardCharsets.UTF_8).length)
            .toArray();
    this.lineageBytes =
        "_dp_source_key".length()
            + sourceKey.getBytes(StandardCharsets.UTF_8).length
            + "_dp_source_version".length()
            + sourceVersion.getBytes(StandardCharsets.UTF_8).length
            + "_dp_line".length()
            + 21 // a number: up to 38 digits in about 21 bytes
            + (keyless == null ? 0 : keyless.partitionBytes());
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new Lane();
    }
  }

  @Override
  public Stage stage() {
    return Stage.DYNAMODB;
  }

  @Override
  public String refuse(RowBatch batch, int row) {
    return refuse(batch.row(row)); // DynamoDB's items are built from the boxed values anyway
  }

  /** See {@link #refuse(RowBatch, int)}: the row's values as {@link RowBatch#row} boxes them. */
  public String refuse(Object[] row) {
    for (int k = 0; k < keyColumns.length; k++) {
      if (row[keyColumns[k]] instanceof String s) {
        String column = columns[keyColumns[k]].name();
        if (s.isEmpty()) {
          return "column '" + column + "': a DynamoDB key cannot be an empty string";
        }
        int limit = k == 0 ? 2048 : 1024; // partition key, sort key
        if (s.length() > limit / 3 && s.getBytes(StandardCharsets.UTF_8).length > limit) {
          return "column '" + column + "': a DynamoDB key is at most " + limit + " bytes";
        }
      }
    }
    for (int i = 0; i < row.length; i++) {
      if (row[i] instanceof Double d && !fitsDynamoDbNumber(d)) {
        return "column '"
            + columns[i].name()
            + "': "
            + d
            + " is outside DynamoDB's number range (1E-130 to 1E+126)";
      }
    }
    long upperBound = lineageBytes;
    for (int i = 0; i < row.length; i++) {
      if (row[i] instanceof String s) {
        upperBound += 3L * s.length() + nameBytes[i];
      } else {
        upperBound += 64;
      }
    }
    if (upperBound <= MAX_ITEM_BYTES) {
      return null; // the cheap bound is enough for nearly every row
    }
    long size = 0;
    for (int i = 0; i < row.length; i++) {
      if (row[i] != null) {
        size += nameBytes[i] + valueBytes(columns[i].type(), row[i]);
      }
    }
    size += lineageBytes;
    return size > MAX_ITEM_BYTES
        ? "the DynamoDB item would be " + size + " bytes, over the 400 KB item limit"
        : null;
  }

  private static boolean fitsDynamoDbNumber(double value) {
    double abs = Math.abs(value);
    return abs == 0 || (abs >= 1e-130 && abs < 1e126);
  }

  private static long valueBytes(ColumnType type, Object value) {
    return switch (type) {
      case STRING -> ((String) value).getBytes(StandardCharsets.UTF_8).length;
      case BOOLEAN -> 1;
      default -> 24;
    };
  }

  @Override
  public void write(RowBatch batch) throws Exception {
    for (int i = 0; i < batch.size(); i++) {
      Object[] row = batch.row(i);
      String key = keyless != null ? Long.toString(batch.line(i)) : keyOf(row);
      if (touched != null) {
        touched.add(keyless != null ? new Object[] {batch.line(i)} : keyValues(row));
      }
      Lane lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
      lane.pending.put(
          key,
          WriteRequest.builder()
              .putRequest(PutRequest.builder().item(item(row, batch.line(i))).build())
              .build());
      if (lane.pending.size() == BATCH) {
        lane.send();
      }
    }
  }

  @Override
  public void finish() throws Exception {
    for (Lane lane : lanes) {
      if (!lane.pending.isEmpty()) {
        lane.send();
      }
    }
    try {
      for (Lane lane : lanes) {
        lane.awaitAll();
      }
    } finally {
      abort();
    }
  }

  @Override
  public void abort() {
    for (Lane lane : lanes) {
      lane.thread.shutdownNow();
    }
  }

  /**
   * Records the keys this load writes or deletes, so that {@link #undo} can restore them. Call
   * before the first batch.
   */
  public DynamoDbSink trackingTouchedKeys() {
    touched = new TouchedKeys(keyTypes());
    return this;
  }

  /**
   * After a failed load, whose commit point rolled back: for every key this load wrote or deleted,
   * puts the committed row back, or deletes the item while it is still this version's. DynamoDB
   * then holds nothing of the failed version and agrees with the commit point again.
   */
  public void undo(CommittedRows committed) throws Exception {
    if (touched == null) {
      return;
    }
    try {
      stopLanes(); // no write of the failed version may land after its undo
      touched.forEachChunk(
          UNDO_CHUNK,
          keys -> {
            List<CommittedRows.Row> rows = committed.find(keys);
            List<WriteRequest> puts = new ArrayList<>();
            List<Object[]> deletes = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
              CommittedRows.Row row = rows.get(i);
              if (row == null) {
                deletes.add(keys.get(i));
              } else {
                puts.add(
                    WriteRequest.builder()
                        .putRequest(
                            PutRequest.builder()
                                .item(
                                    item(
                                        row.values(),
                                        row.line(),
                                        AttributeValue.fromS(row.sourceKey()),
                                        AttributeValue.fromS(row.sourceVersion())))
                                .build())
                        .build());
              }
            }
            for (int from = 0; from < puts.size(); from += BATCH) {
              writeWithRetries(puts.subList(from, Math.min(puts.size(), from + BATCH)));
            }
            concurrently(deletes, this::deleteIfThisVersion);
          });
    } finally {
      touched.close();
    }
  }

  /** The load committed: the touched keys are not needed any more. */
  public void release() {
    if (touched != null) {
      touched.close();
    }
  }

  private void stopLanes() throws InterruptedException {
    for (Lane lane : lanes) {
      lane.thread.shutdownNow();
    }
    for (Lane lane : lanes) {
      if (!lane.thread.awaitTermination(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("DynamoDB writes did not stop within 60 seconds");
      }
    }
  }

  private Object[] keyValues(Object[] row) {
    Object[] key = new Object[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      key[k] = row[keyColumns[k]];
    }
    return key;
  }

  /** The types of a key as {@link DroppedKeys} and the undo hand it over: a line when keyless. */
  private ColumnType[] keyTypes() {
    if (keyless != null) {
      return new ColumnType[] {ColumnType.INT64};
    }
    ColumnType[] types = new ColumnType[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      types[k] = columns[keyColumns[k]].type();
    }
    return types;
  }

  /**
   * Deletes the items of {@code keys} that still belong to this object (an item another file wrote
   * since is left alone): the rows the new version of the object no longer has. DeleteItem takes
   * one key and a condition, so several go out at once.
   */
  public void deleteDropped(List<Object[]> keys) throws Exception {
    if (touched != null) {
      for (Object[] key : keys) {
        touched.add(key);
      }
    }
    concurrently(keys, this::deleteIfOwned);
  }

  /** Runs {@code action} for each key, several requests in flight (DeleteItem takes one key). */
  private void concurrently(List<Object[]> keys, Consumer<Object[]> action) throws Exception {
    if (keys.isEmpty()) {
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            DELETE_THREADS,
            r -> {
              Thread t = new Thread(r, "dynamodb-deleter");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> calls = new ArrayList<>(keys.size());
      for (Object[] key : keys) {
        calls.add(pool.submit(() -> action.accept(key)));
      }
      for (Future<?> call : calls) {
        try {
          call.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<String, AttributeValue> itemKey(Object[] key) {
    if (keyless != null) {
      return keyless.itemKey((Long) key[0]);
    }
    Map<String, AttributeValue> itemKey = new HashMap<>();
    for (int k = 0; k < keyColumns.length; k++) {
      Column column = columns[keyColumns[k]];
      itemKey.put(column.name(), attribute(column.type(), key[k]));
    }
    return itemKey;
  }

  /** An item not (or no longer) this load's stays. */
  private void deleteIfThisVersion(Object[] key) {
    dynamo.deleteIfMatches(
        table,
        itemKey(key),
        Map.of("_dp_source_key", sourceKey, "_dp_source_version", sourceVersion));
  }

  /** Another object's row with this key stays. */
  private void deleteIfOwned(Object[] key) {
    dynamo.deleteIfMatches(table, itemKey(key), Map.of("_dp_source_key", sourceKey));
  }

  private String keyOf(Object[] row) {
    if (keyColumns.length == 1) {
      return String.valueOf(row[keyColumns[0]]);
    }
    return row[keyColumns[0]] + "\u0000" + row[keyColumns[1]];
  }

  Map<String, AttributeValue> item(Object[] row, long line) {
    return item(row, line, sourceKey, sourceVersion);
  }

  private Map<String, AttributeValue> item(
      Object[] row, long line, AttributeValue sourceKey, AttributeValue sourceVersion) {
    Map<String, AttributeValue> item = new HashMap<>(row.length * 2 + 6);
    for (int i = 0; i < row.length; i++) {
      Object value = row[i];
      if (value != null) {
        item.put(columns[i].name(), attribute(columns[i].type(), value));
      }
    }
    item.put("_dp_source_key", sourceKey);
    item.put("_dp_source_version", sourceVersion);
    item.put("_dp_line", AttributeValue.fromN(Long.toString(line)));
    if (keyless != null) { // _dp_line is the sort key, this the partition key
      item.put(KeylessItemKey.PARTITION, AttributeValue.fromS(keyless.partition(line)));
    }
    return item;
  }

  /** The type table's DynamoDB column: S, N, BOOL; dates and timestamps as ISO strings. */
  static AttributeValue attribute(ColumnType type, Object value) {
    return switch (type) {
      case STRING -> AttributeValue.fromS((String) value);
      case INT64 -> AttributeValue.fromN(value.toString());
      case FLOAT64 -> AttributeValue.fromN(Double.toString((Double) value));
      case DECIMAL -> AttributeValue.fromN(((BigDecimal) value).toPlainString());
      case BOOLEAN -> AttributeValue.fromBool((Boolean) value);
      case DATE -> AttributeValue.fromS(IsoFormat.date((Integer) value));
      case TIMESTAMP -> AttributeValue.fromS(IsoFormat.timestamp((Long) value));
    };
  }

  /** Requests of one lane go out one after another (its own thread); a few wait their turn. */
  private final class Lane {
    final LinkedHashMap<String, WriteRequest> pending = new LinkedHashMap<>();

    /**
     * Batches a lane may hold (ceiling x 8 x 25 items at most): enough that while one lane waits
     * out a throttle the reader keeps feeding the others instead of blocking on it.
     */
    final Semaphore queued = new Semaphore(8);

    final ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "dynamodb-writer");
              t.setDaemon(true);
              return t;
            });
    volatile Exception failure;

    void send() throws Exception {
      throwIfFailed();
      List<WriteRequest> requests = new ArrayList<>(pending.values());
      pending.clear();
      queued.acquire();
      thread.execute(
          () -> {
            try {
              if (failure == null) {
                writeWithRetries(requests);
              }
            } catch (Exception e) {
              failure = e;
            } finally {
              queued.release();
            }
          });
    }

    void awaitAll() throws Exception {
      thread.shutdown();
      if (!thread.awaitTermination(15, TimeUnit.MINUTES)) {
        throw new IllegalStateException("DynamoDB writes did not finish within 15 minutes");
      }
      throwIfFailed();
    }

    void throwIfFailed() throws Exception {
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** How the adaptive concurrency went: the limit now and at its highest, the throttles. */
  public AdaptiveConcurrency.Stats concurrencyStats() {
    return concurrency.stats();
  }

  /**
   * Writes {@code requests} (one batch) until DynamoDB took them all: a throttled attempt (an
   * exception, or some items left unprocessed) cuts the concurrency, waits with full jitter and
   * retries what is left; its slot is free while it waits. A lane's next batch waits for this one,
   * so a key's rows still land in file order.
   */
  private void writeWithRetries(List<WriteRequest> requests) throws InterruptedException {
    List<WriteRequest> remaining = requests;
    for (int attempt = 1; ; attempt++) {
      long ticket = concurrency.acquire();
      List<WriteRequest> unprocessed;
      try {
        unprocessed = dynamo.batchWrite(table, remaining);
      } catch (RuntimeException e) {
        if (!isThrottling(e)) {
          concurrency.failed(ticket);
          throw e;
        }
        concurrency.throttled(ticket);
        unprocessed = remaining; // nothing of a throttled request was written
        if (attempt == MAX_ATTEMPTS) {
          throw new IllegalStateException(
              "DynamoDB throttled "
                  + remaining.size()
                  + " items of table "
                  + table
                  + " "
                  + MAX_ATTEMPTS
                  + " times in a row",
              e);
        }
        backOff(attempt);
        continue;
      }
      if (unprocessed.isEmpty()) {
        concurrency.succeeded(ticket);
        return;
      }
      concurrency.throttled(ticket);
      if (attempt == MAX_ATTEMPTS) {
        throw new IllegalStateException(
            "DynamoDB left "
                + unprocessed.size()
                + " items of table "
                + table
                + " unprocessed after "
                + MAX_ATTEMPTS
                + " attempts");
      }
      backOff(attempt);
      remaining = unprocessed;
    }
  }

  private static void backOff(int attempt) throws InterruptedException {
    // 25 ms, 50 ms, ... 5 s: the cut concurrency does most of the backing off.
    long cap = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt - 1, 20));
    Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1)); // full jitter
  }

  /** DynamoDB's answers to a table (or account) over its capacity, however the SDK types them. */
  static boolean isThrottling(Throwable e) {
    return e instanceof ProvisionedThroughputExceededException
        || e instanceof RequestLimitExceededException
        || (e instanceof AwsServiceException service && service.isThrottlingException());
  }
}
