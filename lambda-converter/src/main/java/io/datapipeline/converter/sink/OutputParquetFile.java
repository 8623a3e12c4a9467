package io.datapipeline.converter.sink;

import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** Lets parquet write into an {@link Output} (a file or a streaming S3 upload), counting bytes. */
final class OutputParquetFile implements OutputFile {
  private final Output output;

  OutputParquetFile(Output output) {
    this.output = output;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return new PositionOutputStream() {
      private long position;

      @Override
      public long getPos() {
        return position;
      }

      @Override
      public void write(int b) throws IOException {
        output.write(b);
        position++;
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        output.write(bytes, offset, length);
        position += length;
      }

      @Override
      public void flush() throws IOException {
        output.flush();
      }

      @Override
      public void close() throws IOException {
        output.close();
      }
    };
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return output.location();
  }
}
