package io.datapipeline.converter.core;

import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import io.datapipeline.converter.schema.Schema;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Typed rows handed to the sinks together, stored by column without boxing, with the CSV line each
 * came from. Per column type: int64 and timestamp (microseconds since the epoch, UTC) a {@code
 * long}, float64 a {@code double}, boolean, date (days since 1970-01-01) an {@code int}, a decimal
 * of at most {@value #MAX_LONG_DECIMAL_PRECISION} digits its unscaled {@code long} at the column's
 * scale ({@link #getDecimal} gives the BigDecimal), a wider decimal a BigDecimal, a string a
 * String. Null is SQL NULL.
 *
 * <p>Reused: a sink must not keep it after {@link RowSink#write}; one that works on the rows later
 * takes a {@link #copyInto copy} (the Strings and BigDecimals are immutable and shared).
 */
public final class RowBatch {
  public static final int DEFAULT_CAPACITY = 1024;

  /** Decimals of at most this many digits are kept as their unscaled long. */
  public static final int MAX_LONG_DECIMAL_PRECISION = 18;

  private final ColumnType[] types;
  private final int[] scales;
  private final boolean[] objectColumns; // strings and wide decimals
  private final long[][] longs; // every other column: the value, or a double's bits
  private final Object[][] objects;
  private final boolean[][] nulls;
  private final long[] lines;
  private int size;

  public RowBatch(Schema schema, int capacity) {
    this(
        schema.columns().stream().map(Column::type).toArray(ColumnType[]::new),
        schema.columns().stream()
            .mapToInt(c -> c.type() == ColumnType.DECIMAL ? c.scale() : 0)
            .toArray(),
        objectColumns(schema),
        capacity);
  }

  /** Which columns hold objects: strings and decimals too wide for a long. */
  private static boolean[] objectColumns(Schema schema) {
    boolean[] objects = new boolean[schema.columns().size()];
    for (int c = 0; c < objects.length; c++) {
      Column column = schema.columns().get(c);
      objects[c] =
          column.type() == ColumnType.STRING
              || (column.type() == ColumnType.DECIMAL && !isLongDecimal(column));
    }
    return objects;
  }

  private RowBatch(ColumnType[] types, int[] scales, boolean[] objectColumns, int capacity) {
    int n = types.length;
    this.types = types;
    this.scales = scales;
    this.objectColumns = objectColumns;
    longs = new long[n][];
    objects = new Object[n][];
    nulls = new boolean[n][];
    for (int c = 0; c < n; c++) {
      if (objectColumns[c]) {
        objects[c] = new Object[capacity];
      } else {
        longs[c] = new long[capacity];
      }
      nulls[c] = new boolean[capacity];
    }
    lines = new long[capacity];
  }

  /** Whether {@code column} (a decimal) is kept as its unscaled long. */
  public static boolean isLongDecimal(Column column) {
    return column.precision() <= MAX_LONG_DECIMAL_PRECISION;
  }

  public int size() {
    return size;
  }

  public int columns() {
    return types.length;
  }

  public ColumnType type(int column) {
    return types[column];
  }

  /** A decimal column's scale (0 for other columns). */
  public int scale(int column) {
    return scales[column];
  }

  /** Whether the column is a decimal kept as its unscaled long ({@link #getLong}). */
  public boolean isLongDecimal(int column) {
    return types[column] == ColumnType.DECIMAL && !objectColumns[column];
  }

  public long line(int row) {
    return lines[row];
  }

  public boolean isNull(int row, int column) {
    return nulls[column][row];
  }

  /** An int64, a timestamp's microseconds or a long decimal's unscaled value. */
  public long getLong(int row, int column) {
    return longs[column][row];
  }

  /** A date's days since 1970-01-01. */
  public int getInt(int row, int column) {
    return (int) longs[column][row];
  }

  public double getDouble(int row, int column) {
    return Double.longBitsToDouble(longs[column][row]);
  }

  public boolean getBoolean(int row, int column) {
    return longs[column][row] != 0;
  }

  public String getString(int row, int column) {
    return (String) objects[column][row];
  }

  /** A decimal column's value at the column's scale. */
  public BigDecimal getDecimal(int row, int column) {
    return objectColumns[column]
        ? (BigDecimal) objects[column][row]
        : BigDecimal.valueOf(longs[column][row], scales[column]);
  }

  /**
   * The value boxed as the typed row used to be (String, Long, Double, BigDecimal, Boolean, Integer
   * for a date, Long for a timestamp), or null: for sinks whose own model is objects (DynamoDB).
   */
  public Object value(int row, int column) {
    if (nulls[column][row]) {
      return null;
    }
    return switch (types[column]) {
      case STRING -> objects[column][row];
      case INT64, TIMESTAMP -> longs[column][row];
      case FLOAT64 -> getDouble(row, column);
      case BOOLEAN -> getBoolean(row, column);
      case DATE -> getInt(row, column);
      case DECIMAL -> getDecimal(row, column);
    };
  }

  /** The row's values boxed (see {@link #value}), in a new array. */
  public Object[] row(int row) {
    Object[] values = new Object[types.length];
    for (int c = 0; c < values.length; c++) {
      values[c] = value(row, c);
    }
    return values;
  }

  /**
   * Makes {@code target} (a batch of the same schema, at least as large) hold the same rows, for a
   * sink that works on them after {@link RowSink#write} returned.
   */
  public void copyInto(RowBatch target) {
    if (target.types.length != types.length || target.lines.length < size) {
      throw new IllegalArgumentException("not a batch of the same shape");
    }
    for (int c = 0; c < types.length; c++) {
      if (objectColumns[c]) {
        System.arraycopy(objects[c], 0, target.objects[c], 0, size);
        if (target.size > size) {
          Arrays.fill(target.objects[c], size, target.size, null); // nothing kept alive
        }
      } else {
        System.arraycopy(longs[c], 0, target.longs[c], 0, size);
      }
      System.arraycopy(nulls[c], 0, target.nulls[c], 0, size);
    }
    System.arraycopy(lines, 0, target.lines, 0, size);
    target.size = size;
  }

  /** An empty batch of the same shape and capacity. */
  public RowBatch emptyCopy() {
    return new RowBatch(types, scales, objectColumns, lines.length);
  }

  // The converter fills the row at index size() (the "next row"), then adds or discards it.

  /** Starts the next row: every column null until set. */
  void startRow() {
    for (int c = 0; c < nulls.length; c++) {
      nulls[c][size] = true;
      if (objectColumns[c]) {
        objects[c][size] = null; // a discarded row's value must not linger
      }
    }
  }

  void setLong(int column, long value) {
    longs[column][size] = value;
    nulls[column][size] = false;
  }

  void setDouble(int column, double value) {
    setLong(column, Double.doubleToRawLongBits(value));
  }

  void setBoolean(int column, boolean value) {
    setLong(column, value ? 1 : 0);
  }

  void setObject(int column, Object value) {
    objects[column][size] = value;
    nulls[column][size] = false;
  }

  /** Index of the row being filled (what {@link RowSink#refuse} is asked about). */
  int nextRow() {
    return size;
  }

  /** Keeps the row being filled as the next one of the batch. */
  void addRow(long line) {
    lines[size] = line;
    size++;
  }

  boolean isFull() {
    return size == lines.length;
  }

  /** Adds {@code shift} to every row's line: a byte range of a file read on its own (LineShift). */
  void shiftLines(long shift) {
    for (int i = 0; i < size; i++) {
      lines[i] += shift;
    }
  }

  void clear() {
    for (Object[] column : objects) {
      if (column != null) {
        Arrays.fill(column, 0, size, null);
      }
    }
    size = 0;
  }
}
