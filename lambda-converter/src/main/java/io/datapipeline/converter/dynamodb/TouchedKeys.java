package io.datapipeline.converter.dynamodb;

import io.datapipeline.converter.schema.ColumnType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The primary keys a load wrote or deleted, spilled to a temporary file (memory stays flat whatever
 * the file's size), so that a failed load can put the committed rows back for exactly those keys.
 */
final class TouchedKeys implements AutoCloseable {

  private final ColumnType[] types;
  private Path file;
  private DataOutputStream out;
  private long count;

  TouchedKeys(ColumnType[] types) {
    this.types = types;
  }

  synchronized void add(Object[] key) throws IOException {
    if (out == null) {
      file = Files.createTempFile("dp-touched-keys", ".bin");
      out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }
    for (int k = 0; k < types.length; k++) {
      Object value = key[k];
      out.writeBoolean(value != null);
      if (value == null) {
        continue;
      }
      switch (types[k]) {
        case STRING -> out.writeUTF((String) value);
        case INT64, TIMESTAMP -> out.writeLong((Long) value);
        case FLOAT64 -> out.writeDouble((Double) value);
        case DECIMAL -> out.writeUTF(((BigDecimal) value).toString());
        case BOOLEAN -> out.writeBoolean((Boolean) value);
        case DATE -> out.writeInt((Integer) value);
      }
    }
    count++;
  }

  long count() {
    return count;
  }

  /** Hands the keys back in chunks, in the order they were added. */
  void forEachChunk(int size, ChunkConsumer consumer) throws Exception {
    if (out == null) {
      return;
    }
    out.flush();
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      List<Object[]> chunk = new ArrayList<>(size);
      for (long i = 0; i < count; i++) {
        Object[] key = new Object[types.length];
        for (int k = 0; k < types.length; k++) {
          if (!in.readBoolean()) {
            continue;
          }
          key[k] =
              switch (types[k]) {
                case STRING -> in.readUTF();
                case INT64, TIMESTAMP -> in.readLong();
                case FLOAT64 -> in.readDouble();
                case DECIMAL -> new BigDecimal(in.readUTF());
                case BOOLEAN -> in.readBoolean();
                case DATE -> in.readInt();
              };
        }
        chunk.add(key);
        if (chunk.size() == size) {
          consumer.accept(chunk);
          chunk = new ArrayList<>(size);
        }
      }
      if (!chunk.isEmpty()) {
        consumer.accept(chunk);
      }
    } catch (EOFException e) {
      throw new IOException("the touched keys file " + file + " is truncated", e);
    }
  }

  @FunctionalInterface
  interface ChunkConsumer {
    void accept(List<Object[]> keys) throws Exception;
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // a temporary file: the container's /tmp is the backstop
    }
    out = null;
    file = null;
  }
}
