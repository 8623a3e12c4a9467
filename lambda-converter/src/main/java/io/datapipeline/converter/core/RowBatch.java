package io.datapipeline.converter.core;

/**
 * Typed rows handed to the sinks together (values per {@link ValueParser}; null is SQL NULL) with
 * the CSV line each came from. Reused: a sink must not keep it after {@link RowSink#write}.
 */
public final class RowBatch {
  public static final int DEFAULT_CAPACITY = 1024;

  private final Object[][] rows;
  private final long[] lines;
  private int size;

  public RowBatch(int capacity) {
    rows = new Object[capacity][];
    lines = new long[capacity];
  }

  void add(Object[] row, long line) {
    rows[size] = row;
    lines[size] = line;
    size++;
  }

  boolean isFull() {
    return size == rows.length;
  }

  void clear() {
    java.util.Arrays.fill(rows, 0, size, null);
    size = 0;
  }

  public int size() {
    return size;
  }

  public Object[] row(int index) {
    return rows[index];
  }

  public long line(int index) {
    return lines[index];
  }

  /**
   * A batch of its own with the same rows, for a sink that works on a batch after {@link
   * RowSink#write} returned (this one is reused). The row arrays themselves are shared: the
   * converter makes a new one per record and never changes it once handed over.
   */
  public RowBatch copy() {
    RowBatch copy = new RowBatch(Math.max(size, 1));
    System.arraycopy(rows, 0, copy.rows, 0, size);
    System.arraycopy(lines, 0, copy.lines, 0, size);
    copy.size = size;
    return copy;
  }
}
