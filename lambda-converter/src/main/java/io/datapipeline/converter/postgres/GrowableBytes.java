package io.datapipeline.converter.postgres;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronized byte buffer the rows of one COPY chunk are encoded into (a {@code
 * ByteArrayOutputStream} takes a lock per field written: millions per file).
 */
final class GrowableBytes extends OutputStream {

  private byte[] bytes = new byte[1 << 16];
  private int size;

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  /** The buffer itself (valid up to {@link #size()}): read, not kept. */
  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  /** Empties the buffer; its capacity stays for the next chunk. */
  void reset() {
    size = 0;
  }
}
